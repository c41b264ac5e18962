"""Online triage: quality on the held-out evaluation posts and grouped cross-validation, and speed.

    uv run python benchmarks/online.py quality     # eval set (benchmarks/data/online_eval.txt) + grouped CV
    uv run python benchmarks/online.py speed [--posts 1000000] [--workers 2]
    uv run python benchmarks/online.py compare     # feature sets side by side (chars; +words; +cues)
    uv run python benchmarks/online.py fresh       # the fresh evaluation set, through the contract CLI

The evaluation posts were written apart from the training set (other wording, other numbers) and are
never trained on. Cross-validation holds out whole templates (every filled copy of a hand-written post) and,
separately, whole languages, so the figures predict posts the model has never seen.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import resource
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import numpy as np
from sklearn.model_selection import GroupKFold

from crossroute.analysis.online.classifier import THRESHOLD, masked_post, train
from crossroute.analysis.online.extract import extract
from crossroute.analysis.online.labelled import HAND_WRITTEN, labelled_posts
from crossroute.analysis.online.posts import Post
from crossroute.analysis.online.triage import triage

EVAL = Path(__file__).parent / "data" / "online_eval.txt"
FRESH = Path(__file__).parent / "data" / "online_eval_fresh.txt"
INFORMAL = Path(__file__).parent / "data" / "online_eval_informal.txt"


def eval_posts() -> list[tuple[Post, dict[str, object]]]:
    posts = []
    for number, line in enumerate(EVAL.read_text("utf-8").splitlines()):
        if not line.strip() or line.startswith("#"):
            continue
        language, is_ad, phones, prices, text = (p.strip() for p in line.split("|", 4))
        truth = {
            "language": language,
            "is_ad": is_ad == "1",
            "phones": set(filter(None, phones.split(";"))),
            "prices": set(filter(None, prices.split(";"))),
        }
        posts.append((Post(f"E{number}", "test", text), truth))
    return posts


def f1(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    return (
        precision,
        recall,
        2 * precision * recall / (precision + recall) if precision + recall else 0.0,
    )


def quality(verbose: bool) -> None:
    rows = eval_posts()
    results = list(triage(p for p, _ in rows))
    tp = fp = fn = lang_ok = price_ok = 0
    phone_true = phone_found = phone_right = 0
    by_lang: Counter[str] = Counter()
    for result, (post, truth) in zip(results, rows, strict=True):
        e = result.extraction
        is_ad = bool(truth["is_ad"])
        tp += result.is_ad and is_ad
        fp += result.is_ad and not is_ad
        fn += (not result.is_ad) and is_ad
        lang_ok += e.language == truth["language"]
        phones, prices = truth["phones"], truth["prices"]
        assert isinstance(phones, set) and isinstance(prices, set)
        phone_true += len(phones)
        phone_found += len(e.phones)
        phone_right += len(phones & set(e.phones))
        price_ok += set(e.prices) == prices
        wrong = []
        if result.is_ad != is_ad:
            wrong.append(f"ad {result.score:.2f}")
            by_lang[str(truth["language"])] += 1
        if e.language != truth["language"]:
            wrong.append(f"lang {e.language}")
        if set(e.phones) != phones:
            wrong.append(f"phones {e.phones}")
        if set(e.prices) != prices:
            wrong.append(f"prices {e.prices}")
        if verbose and wrong:
            print(f"  {truth['language']} {int(is_ad)} {'; '.join(wrong)} | {post.text[:80]}")
    n = len(rows)
    precision, recall, score = f1(tp, fp, fn)
    print(f"evaluation posts: {n} ({sum(bool(t['is_ad']) for _, t in rows)} adverts)")
    print(f"advert precision {precision:.3f} recall {recall:.3f} F1 {score:.3f}")
    print(f"language right {lang_ok / n:.3f}")
    print(
        f"phones recall {phone_right / phone_true:.3f} precision {phone_right / max(phone_found, 1):.3f}"
    )
    print(f"prices right (all posts, exact set) {price_ok / n:.3f}")
    if by_lang:
        print(f"advert errors by language: {dict(by_lang)}")
    cross_validate()


def fresh_posts() -> list[dict[str, str]]:
    """The fresh evaluation posts with their truth and split ('dev': 1st, 3rd, ... post of a language;
    'holdout': 2nd, 4th, ...)."""
    rows: list[dict[str, str]] = []
    seen: Counter[str] = Counter()
    for line in FRESH.read_text("utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        language, is_ad, kind, phones, prices, places, text = (
            p.strip() for p in line.split("|", 6)
        )
        seen[language] += 1
        rows.append(
            {
                "post_id": f"F{len(rows) + 1:03d}",
                "language": language,
                "is_ad": is_ad,
                "kind": kind,
                "phones": phones,
                "prices": prices,
                "places": places,
                "text": text,
                "split": "dev" if seen[language] % 2 else "holdout",
            }
        )
    return rows


def _set(cell: str) -> set[str]:
    return set(filter(None, (c.strip() for c in cell.split(";"))))


def fresh(show: str) -> None:
    """The fresh set through the contract: `crossroute online triage POSTS.csv --out OUT.csv` in a
    subprocess, its output compared with the truth; errors printed for the posts of split `show` only."""
    import csv
    import subprocess

    rows = fresh_posts()
    with tempfile.TemporaryDirectory() as tmp:
        source, out = Path(tmp) / "posts.csv", Path(tmp) / "out.csv"
        with source.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(("post_id", "platform", "text"))
            writer.writerows((r["post_id"], "test", r["text"]) for r in rows)
        command = [sys.executable, "-m", "crossroute", "online", "triage", str(source)]
        subprocess.run([*command, "--out", str(out)], check=True, capture_output=True)
        with out.open(encoding="utf-8", newline="") as handle:
            got = {r["post_id"]: r for r in csv.DictReader(handle)}
    for split in ("dev", "holdout", "all"):
        chosen = [r for r in rows if split in ("all", r["split"])]
        _fresh_figures(split, chosen, got, verbose=split == show)


def _fresh_figures(
    split: str, rows: list[dict[str, str]], got: dict[str, dict[str, str]], verbose: bool
) -> None:
    tp = fp = fn = lang_ok = 0
    counts: Counter[str] = Counter()
    priced = priced_ok = 0
    for truth in rows:
        out = got[truth["post_id"]]
        is_ad, said = truth["is_ad"] == "1", out["is_ad"] == "1"
        tp += is_ad and said
        fp += said and not is_ad
        fn += is_ad and not said
        lang_ok += out["language"] == truth["language"]
        wrong = []
        for field in ("phones", "prices", "places"):
            true, found = _set(truth[field]), _set(out[field])
            counts[f"{field} true"] += len(true)
            counts[f"{field} found"] += len(found)
            counts[f"{field} right"] += len(true & found)
            if true != found:
                wrong.append(f"{field} {sorted(found)} want {sorted(true)}")
        if _set(truth["prices"]):
            priced += 1
            priced_ok += _set(truth["prices"]) == _set(out["prices"])
        if is_ad != said:
            wrong.insert(0, f"AD {out['score']} want {truth['is_ad']} ({truth['kind']})")
        if out["language"] != truth["language"]:
            wrong.insert(0, f"LANG {out['language']}")
        if verbose and wrong:
            print(f"  {truth['post_id']} {truth['language']}: {'; '.join(wrong)}")
            print(f"      {truth['text'][:110]}")
    n = len(rows)
    precision, recall, score = f1(tp, fp, fn)

    def rp(field: str) -> str:
        right = counts[f"{field} right"]
        return (
            f"recall {right / max(counts[f'{field} true'], 1):.3f} "
            f"precision {right / max(counts[f'{field} found'], 1):.3f} "
            f"({counts[f'{field} true']} true)"
        )

    print(
        f"[{split}] {n} posts ({sum(r['is_ad'] == '1' for r in rows)} adverts): advert precision "
        f"{precision:.3f} recall {recall:.3f} F1 {score:.3f}; language {lang_ok / n:.3f}"
    )
    print(f"[{split}]   phones {rp('phones')}; places {rp('places')}")
    print(
        f"[{split}]   prices: posts with a price all right {priced_ok}/{priced} = "
        f"{priced_ok / max(priced, 1):.3f}; prices {rp('prices')}"
    )


def _contract(texts: list[str]) -> dict[str, dict[str, str]]:
    """The texts through `crossroute online triage POSTS.csv --out OUT.csv` in a subprocess (post ids
    P1, P2, ...): the output rows by post id."""
    import csv
    import subprocess

    with tempfile.TemporaryDirectory() as tmp:
        source, out = Path(tmp) / "posts.csv", Path(tmp) / "out.csv"
        with source.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(("post_id", "platform", "text"))
            writer.writerows((f"P{i + 1}", "test", text) for i, text in enumerate(texts))
        command = [sys.executable, "-m", "crossroute", "online", "triage", str(source)]
        subprocess.run([*command, "--out", str(out)], check=True, capture_output=True)
        with out.open(encoding="utf-8", newline="") as handle:
            return {r["post_id"]: r for r in csv.DictReader(handle)}


def informal(verbose: bool) -> None:
    """The frozen informal posts (lower case, no punctuation, transliterations; never trained on) through
    the contract: advert precision, recall, F1, and each post's score when verbose."""
    rows = []
    for line in INFORMAL.read_text("utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            language, is_ad, kind, text = (p.strip() for p in line.split("|", 3))
            rows.append((language, is_ad == "1", kind, text))
    got = _contract([text for *_, text in rows])
    tp = fp = fn = 0
    for i, (language, is_ad, kind, text) in enumerate(rows):
        out = got[f"P{i + 1}"]
        said = out["is_ad"] == "1"
        tp += is_ad and said
        fp += said and not is_ad
        fn += is_ad and not said
        if verbose:
            mark = "  " if said == is_ad else "XX"
            print(
                f"{mark} {language:3} {int(is_ad)} {float(out['score']):.3f} {kind:9} {text[:70]}"
            )
    precision, recall, score = f1(tp, fp, fn)
    print(
        f"[informal] {len(rows)} posts ({sum(r[1] for r in rows)} adverts): advert precision "
        f"{precision:.3f} recall {recall:.3f} F1 {score:.3f}"
    )


def cross_validate() -> None:
    posts = labelled_posts()
    texts = [masked_post(p) for p in posts]
    labels = np.array([p.is_ad for p in posts])
    for name, groups in (
        ("template", [p.template for p in posts]),
        ("language", [p.language for p in posts]),
    ):
        predicted = np.zeros(len(posts), dtype=bool)
        folds = GroupKFold(n_splits=5 if name == "template" else 13)
        for train_rows, test_rows in folds.split(texts, labels, groups):
            model = train([texts[i] for i in train_rows], labels[train_rows].tolist())
            predicted[test_rows] = model.scores([texts[i] for i in test_rows]) >= THRESHOLD
        tp = int((predicted & labels).sum())
        fp = int((predicted & ~labels).sum())
        fn = int((~predicted & labels).sum())
        precision, recall, score = f1(tp, fp, fn)
        print(
            f"grouped CV by {name}: precision {precision:.3f} recall {recall:.3f} F1 {score:.3f} "
            f"({len(posts)} filled posts)"
        )


def _report(name: str, predicted: np.ndarray, labels: np.ndarray) -> None:
    tp = int((predicted & labels).sum())
    fp = int((predicted & ~labels).sum())
    fn = int((~predicted & labels).sum())
    precision, recall, score = f1(tp, fp, fn)
    print(
        f"  {name}: precision {precision:.3f} recall {recall:.3f} F1 {score:.3f} ({len(labels)} posts)"
    )


def compare() -> None:
    """Each feature set on three tests: trained on the first hand-written set and tested on the second
    (another hand, other registers); grouped CV holding out whole templates of all labelled posts; the
    held-out evaluation posts (trained on everything labelled)."""
    variants = {
        "chars": (False, False),
        "chars+words": (True, False),
        "chars+words+cues": (True, True),
    }
    first = labelled_posts(files=HAND_WRITTEN[:1])
    everything = labelled_posts()
    second = [p for p in everything if p.template.startswith("hand:labelled_posts_varied")]
    first_texts = [masked_post(p) for p in first]
    second_texts = [masked_post(p) for p in second]
    all_texts = [masked_post(p) for p in everything]
    all_labels = np.array([p.is_ad for p in everything])
    groups = [p.template for p in everything]
    rows = eval_posts()
    eval_texts = [extract(p.text).masked for p, _ in rows]
    eval_labels = np.array([bool(t["is_ad"]) for _, t in rows])
    for name, (words, cues) in variants.items():
        print(name)
        model = train(first_texts, [p.is_ad for p in first], words, cues)
        predicted = model.scores(second_texts) >= THRESHOLD
        _report("first set -> second set", predicted, np.array([p.is_ad for p in second]))
        predicted = np.zeros(len(everything), dtype=bool)
        for train_rows, test_rows in GroupKFold(n_splits=5).split(all_texts, all_labels, groups):
            fold = train(
                [all_texts[i] for i in train_rows], all_labels[train_rows].tolist(), words, cues
            )
            predicted[test_rows] = fold.scores([all_texts[i] for i in test_rows]) >= THRESHOLD
        _report("grouped CV by template, all labelled", predicted, all_labels)
        model = train(all_texts, all_labels.tolist(), words, cues)
        _report("held-out evaluation posts", model.scores(eval_texts) >= THRESHOLD, eval_labels)
        sys.stdout.flush()


def write_posts(path: Path, count: int, seed: int = 1) -> None:
    """`count` posts resampled from the simulator's adverts and the labelled posts (adverts and hard
    negatives in all 13 languages), each perturbed: about half its digits redrawn (other numbers, other
    prices, so nothing is answered from a cache), an emoji or '!!' added, sometimes two posts run together."""
    import csv

    texts = [p.text for p in labelled_posts()]
    rng = random.Random(seed)
    digit = re.compile(r"\d")

    def redraw(match: re.Match[str]) -> str:
        return str(rng.randrange(10)) if rng.random() < 0.5 else match.group(0)

    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(("post_id", "platform", "text"))
        for i in range(count):
            text = digit.sub(redraw, texts[rng.randrange(len(texts))])
            if rng.random() < 0.05:
                text += " " + texts[rng.randrange(len(texts))]
            writer.writerow((f"P{i}", "test", text + rng.choice(("", " 🙏", " !!", " 🇬🇧🇬🇧"))))


def speed(count: int, workers: int) -> None:
    """Triage of `count` generated posts through `crossroute online triage`'s own function (streamed in
    batches of 5,000, `workers` processes): wall clock, CPU seconds (this process and its workers), peak
    memory, and the load average before and after, as the machine is shared."""
    from crossroute.cli.online_cmd import triage_file

    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "posts.csv"
        made = time.perf_counter()
        write_posts(source, count)
        print(
            f"wrote {count} posts ({source.stat().st_size / 1e6:.0f} MB) in {time.perf_counter() - made:.0f} s"
        )
        load_before = os.getloadavg()
        started = time.perf_counter()
        cpu_before = _cpu_seconds()
        written = triage_file(source, Path(tmp) / "out.csv", workers=workers, progress=False)
        elapsed = time.perf_counter() - started
        cpu = _cpu_seconds() - cpu_before
        load_after = os.getloadavg()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024**2
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024**2
    print(
        f"triaged {written} posts in {elapsed:.1f} s wall: {written / elapsed:.0f} posts/s "
        f"({workers} worker processes)"
    )
    print(
        f"CPU {cpu:.1f} s user+sys ({cpu / written * 1e6:.0f} us a post, the model's training once and "
        f"the reading and writing included): {written / cpu:.0f} posts per CPU-second, so about "
        f"{written / cpu * min(workers, os.cpu_count() or 1):.0f} posts/s on {workers} idle cores"
    )
    print(
        f"load average (1 min) {load_before[0]:.1f} before, {load_after[0]:.1f} after, on "
        f"{os.cpu_count()} cores"
    )
    print(f"peak RSS: main process {peak:.2f} GiB, largest worker {children:.2f} GiB")


def _cpu_seconds() -> float:
    """CPU time of this process and its finished workers."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("what", choices=("quality", "speed", "compare", "fresh", "informal"))
    parser.add_argument("--show", default="dev", help="fresh: the split whose errors are printed")
    parser.add_argument("--posts", type=int, default=1_000_000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--quiet", action="store_true")
    args = parser.parse_args()
    if args.what == "quality":
        quality(not args.quiet)
    elif args.what == "compare":
        compare()
    elif args.what == "fresh":
        fresh(args.show)
    elif args.what == "informal":
        informal(not args.quiet)
    else:
        speed(args.posts, args.workers)
    sys.stdout.flush()


if __name__ == "__main__":
    main()
