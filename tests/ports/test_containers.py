from crossroute.analysis.ports.containers import check_digit, clean_container, container_problem


def test_valid_numbers_pass() -> None:
    assert container_problem("CSQU3054383") is None
    assert container_problem("csqu 305438-3") is None
    assert check_digit("MSCU123456") == 6


def test_a_wrong_check_digit_is_named() -> None:
    problem = container_problem("CSQU3054384")
    assert problem is not None and "check digit (expected 3)" in problem


def test_a_wrong_shape_is_named() -> None:
    problem = container_problem("CSQ3054383")
    assert problem is not None and "not ISO 6346" in problem
    assert clean_container(" abcu-123/4567 ") == "ABCU1234567"
