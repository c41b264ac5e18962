"""The one error every value cleaner raises."""


class InvalidValue(ValueError):
    """A value that cannot be cleaned; the message says why, for an analyst to read."""
