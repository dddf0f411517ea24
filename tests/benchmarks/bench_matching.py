"""Benchmark of routing: prints JSON figures, it is not a test.

    .venv/bin/python tests/benchmarks/bench_matching.py [--procedures 5000] [--queries 2000]

Measures, in one run and on one core:
- routing one message, p50/p99, with the shipped knowledge base and with a generated one of
  N procedures (about 20 phrasings each), for our matcher and for the naive baseline
  `rapidfuzz.process.extractOne(folded, folded_phrasings, scorer=token_set_ratio)`;
- loading (YAML parse + validation) and indexing the generated knowledge base;
- peak memory (tracemalloc) of loading + indexing, and the process's max RSS;
- accuracy of ours and of the baseline on the labelled sets, for comparison.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import resource
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

from rapidfuzz import fuzz, process

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from knowledge.evaluation import evaluate, load_cases  # noqa: E402
from knowledge.loader import load_knowledge  # noqa: E402
from knowledge.matching import Matcher  # noqa: E402
from knowledge.normalise import fold  # noqa: E402
from knowledge.routing import Route  # noqa: E402

SYLLABLES = ("an bao binh ca cam can cap chi chu chung cong cu dan dang dat dien dinh do doi dong duoc "
             "gia giay hanh ho hoc hon khai khau kinh ky lai lam le luat ly mau minh moi nam nghe nghiep "
             "ngoai nhan nhap noi nop phep phi quan quoc quyen sinh so su tai tam tap thai than thanh "
             "the thong thu thue tin to trinh tru truong tu uy van vang ve viec vien xa xac xay xe y").split()


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def generated_yaml(n: int, rng: random.Random) -> str:
    out = ["procedures:"]
    for i in range(n):
        words = [rng.choice(SYLLABLES) for _ in range(4)]
        title = " ".join(words)
        out += [f"  - id: thu-tuc-{i}", f"    title: \"{title} {i}\"",
                f"    aliases: [\"{' '.join(words[:2])} {i}\", \"{' '.join(words[2:])} {i}\"]", "    questions:"]
        for j in range(17):
            q = " ".join(rng.choice(SYLLABLES) for _ in range(rng.randint(3, 8)))
            out.append(f"      - \"{q} {words[j % 4]} {i}-{j}\"")
        out += ["    agency: UBND xã", "    documents: [\"Tờ khai\"]", "    time: 3 ngày", "    fee: Miễn phí",
                "    online: {channels: [\"Cổng DVC\"], links: [\"https://dichvucong.gov.vn\"]}",
                "    steps: [\"Nộp hồ sơ\"]", "    source: https://dichvucong.gov.vn", "    reviewed: 2026-11-27"]
    return "\n".join(out) + "\n"


class Baseline:
    """The naive matcher the issue compares against."""

    def __init__(self, kb, answer_cutoff: float = 80.0):
        self.choices: list[str] = []
        self.ids: list[str] = []
        for p in kb.procedures:
            for text in p.phrasings:
                self.choices.append(fold(text))
                self.ids.append(p.id)
        self.cutoff = answer_cutoff

    def route(self, text: str) -> Route:
        q = fold(text)
        best = process.extractOne(q, self.choices, scorer=fuzz.token_set_ratio)
        if best is None or best[1] < self.cutoff:
            return Route(text, q, "none", None, (), best[1] if best else 0.0, "unknown")
        pid = self.ids[best[2]]
        return Route(text, q, "answer", pid, (pid,), best[1], "procedure")


def time_routes(router, queries: list[str]) -> dict:
    times = []
    for q in queries:
        t0 = time.perf_counter()
        router.route(q)
        times.append((time.perf_counter() - t0) * 1000)
    return {"p50_ms": round(percentile(times, 50), 4), "p99_ms": round(percentile(times, 99), 4),
            "mean_ms": round(sum(times) / len(times), 4), "n": len(times)}


def accuracy(router, files: list[Path], kb) -> dict:
    out = {}
    for f in files:
        if f.exists():
            report = evaluate(router, load_cases(f), {p.id for p in kb.procedures})
            out[f.name] = {k: round(v, 4) for k, v in report.figures.items() if isinstance(v, float)}
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--procedures", type=int, default=5000)
    ap.add_argument("--queries", type=int, default=2000)
    args = ap.parse_args()
    try:
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core
    except (AttributeError, OSError):
        pass
    rng = random.Random(7)
    label_files = [REPO / "tests" / "data" / "dev-questions.yaml", REPO / "tests" / "data" / "labelled-questions.yaml"]
    labelled = [c.q for f in label_files if f.exists() for c in load_cases(f)]

    shipped = load_knowledge(REPO / "procedures.yaml")
    ours, naive = Matcher(shipped), Baseline(shipped)
    queries = [rng.choice(labelled) for _ in range(args.queries)]
    for q in queries[:50]:
        ours.route(q)  # warm the repair cache the way a running bot would be
    result: dict = {
        "shipped": {
            "procedures": len(shipped.procedures),
            "phrasings": sum(len(p.phrasings) for p in shipped.procedures),
            "ours": time_routes(ours, queries),
            "baseline_extractOne": time_routes(naive, queries),
            "accuracy_ours": accuracy(ours, label_files, shipped),
            "accuracy_baseline": accuracy(naive, label_files, shipped),
        }
    }

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "big.yaml"
        path.write_text(generated_yaml(args.procedures, rng), encoding="utf-8")
        # Timed without tracemalloc (it slows every allocation), then measured again for memory.
        t0 = time.perf_counter()
        big = load_knowledge(path)
        t1 = time.perf_counter()
        big_matcher = Matcher(big)
        t2 = time.perf_counter()
        del big, big_matcher
        tracemalloc.start()
        big = load_knowledge(path)
        big_matcher = Matcher(big)
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        phrasings = [p.phrasings for p in big.procedures]
        # Queries: real citizen messages (mostly no hit) and perturbed generated phrasings (hits).
        big_queries = []
        for _ in range(args.queries):
            if rng.random() < 0.5:
                big_queries.append(rng.choice(labelled))
            else:
                words = rng.choice(rng.choice(phrasings)).split()
                rng.shuffle(words)
                big_queries.append(" ".join(words[: max(2, len(words) - 1)]))
        for q in big_queries[:50]:
            big_matcher.route(q)
        big_naive = Baseline(big)
        result["generated"] = {
            "procedures": len(big.procedures),
            "phrasings": sum(len(p) for p in phrasings),
            "load_s": round(t1 - t0, 3),
            "index_s": round(t2 - t1, 3),
            "load_and_index_s": round(t2 - t0, 3),
            "peak_memory_mb_load_and_index": round(peak / 2**20, 1),
            "ours": time_routes(big_matcher, big_queries),
            "baseline_extractOne": time_routes(big_naive, big_queries[: max(200, args.queries // 10)]),
        }
    result["max_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    print(json.dumps(result, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
