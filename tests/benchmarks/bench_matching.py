"""Benchmark of routing: prints JSON figures, it is not a test.

    .venv/bin/python tests/benchmarks/bench_matching.py [--procedures 5000] [--queries 2000]
        [--labelled FILE ...]

Measures, in one run and on one core:
- routing one message, p50/p99, with the shipped knowledge base and with a generated one of
  N procedures (about 20 phrasings each), for our matcher and for the naive baseline
  `rapidfuzz.process.extractOne(folded, folded_phrasings, scorer=token_set_ratio)`; long
  messages (25 words or more) apart;
- loading (YAML parse + validation; and read back from the knowledge base cache) and
  indexing the generated knowledge base, in this process, and the start of a fresh process
  (interpreter, imports, load, index) with empty knowledge base and index caches (cold) and
  with the caches it left (warm), wall-clock and CPU;
- the garbage-collector pause (knowledge/_gc.py) while loading: CPU time with and without;
- peak memory (tracemalloc) of loading + indexing, and the process's max RSS;
- accuracy of ours and of the baseline on the labelled sets, for comparison.
"""
from __future__ import annotations

import argparse
import contextlib
import gc
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

from rapidfuzz import fuzz, process

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

import knowledge.loader as loader_module  # noqa: E402
from knowledge.evaluation import LONG_WORDS, evaluate, load_cases  # noqa: E402
from knowledge.index_cache import IndexCache  # noqa: E402
from knowledge.kb_cache import KnowledgeCache  # noqa: E402
from knowledge.loader import load_knowledge  # noqa: E402
from knowledge.matching import Matcher  # noqa: E402
from knowledge.normalise import fold  # noqa: E402
from knowledge.routing import Route  # noqa: E402

SYLLABLES = ("an bao binh ca cam can cap chi chu chung cong cu dan dang dat dien dinh do doi dong duoc "
             "gia giay hanh ho hoc hon khai khau kinh ky lai lam le luat ly mau minh moi nam nghe nghiep "
             "ngoai nhan nhap noi nop phep phi quan quoc quyen sinh so su tai tam tap thai than thanh "
             "the thong thu thue tin to trinh tru truong tu uy van vang ve viec vien xa xac xay xe y").split()
# Context a citizen tells before the request, to make long messages of generated phrasings.
STORY = ("da cho em hoi chut a em o tro gan khu cong nghiep que o xa lam cong nhan may nam nay "
         "nha em co ba nguoi con nho di hoc ba me gia o que khong ranh dien thoai").split()

START = """
import sys, time
t0, c0 = time.perf_counter(), time.process_time()
sys.path.insert(0, {repo!r})
from pathlib import Path
from knowledge.index_cache import IndexCache
from knowledge.kb_cache import KnowledgeCache
from knowledge.loader import load_knowledge
from knowledge.matching import Matcher
t1, c1 = time.perf_counter(), time.process_time()
kb = load_knowledge({path!r}, cache=KnowledgeCache(Path({cache!r}) / "knowledge"))
t2, c2 = time.perf_counter(), time.process_time()
m = Matcher(kb, cache=IndexCache(Path({cache!r}) / "index", min_phrasings=0))
t3, c3 = time.perf_counter(), time.process_time()
m.route("dang ky tam tru")
print(t1 - t0, t2 - t1, t3 - t2, c1 - c0, c2 - c1, c3 - c2)
"""


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def generated_yaml(n: int, rng: random.Random) -> str:
    """A knowledge base of n procedures in the schema the loader accepts (the December 2026
    one with places, `where` and `sources`, or the older one with `agency` and `source`)."""
    new_schema = "where" in loader_module.PROCEDURE_REQUIRED
    out = []
    if new_schema:
        out += ["places:", "  - {id: ubnd-xa, name: \"UBND xã\"}"]
    out.append("procedures:")
    for i in range(n):
        words = [rng.choice(SYLLABLES) for _ in range(4)]
        title = " ".join(words)
        out += [f"  - id: thu-tuc-{i}", f"    title: \"{title} {i}\"",
                f"    aliases: [\"{' '.join(words[:2])} {i}\", \"{' '.join(words[2:])} {i}\"]", "    questions:"]
        for j in range(17):
            q = " ".join(rng.choice(SYLLABLES) for _ in range(rng.randint(3, 8)))
            out.append(f"      - \"{q} {words[j % 4]} {i}-{j}\"")
        out += ["    documents: [\"Tờ khai\"]", "    time: 3 ngày", "    fee: Miễn phí",
                "    online: {channels: [\"Cổng DVC\"], links: [\"https://dichvucong.gov.vn\"]}",
                "    steps: [\"Nộp hồ sơ\"]", "    reviewed: 2026-11-27"]
        if new_schema:
            out += ["    where: [{place: ubnd-xa}]",
                    "    sources: [{title: \"Cổng DVC\", url: \"https://dichvucong.gov.vn\","
                    " covers: [agency, time, fee]}]"]
        else:
            out += ["    agency: UBND xã", "    source: https://dichvucong.gov.vn"]
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
    """Wall-clock times, and CPU times of this thread: on a busy machine the CPU times show
    the work itself, the wall-clock ones what a citizen would wait."""
    times, cpu = [], []
    for q in queries:
        c0, t0 = time.thread_time(), time.perf_counter()
        router.route(q)
        times.append((time.perf_counter() - t0) * 1000)
        cpu.append((time.thread_time() - c0) * 1000)
    return {"p50_ms": round(percentile(times, 50), 4), "p99_ms": round(percentile(times, 99), 4),
            "max_ms": round(max(times), 4), "mean_ms": round(sum(times) / len(times), 4),
            "cpu_p50_ms": round(percentile(cpu, 50), 4), "cpu_p99_ms": round(percentile(cpu, 99), 4),
            "n": len(times)}


def accuracy(router, files: list[Path], kb) -> dict:
    out = {}
    ids = {p.id for p in kb.procedures}
    for f in files:
        # Cases naming procedures this knowledge base lacks are left out, not failed.
        cases = [c for c in load_cases(f) if not c.expect or set(c.expect) & ids]
        report = evaluate(router, cases)
        out[f.name] = {k: round(v, 4) if isinstance(v, float) else v for k, v in report.figures.items()}
    return out


def fresh_start(path: Path, cache: Path) -> dict:
    """A new interpreter: imports, load, index (with the cache directory given for both the
    knowledge base and the index), one route. Wall-clock seconds, and CPU seconds (`cpu_`:
    user + system of the child process; of the parts, the process's CPU time), which show
    the work itself on a busy machine."""
    code = START.format(repo=str(REPO), path=str(path), cache=str(cache))
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    imports, load, index, cpu_imports, cpu_load, cpu_index = (float(x) for x in done.stdout.split())
    return {"process_s": round(wall, 3), "imports_s": round(imports, 3), "load_s": round(load, 3),
            "index_s": round(index, 3), "cpu_process_s": round(cpu, 3), "cpu_imports_s": round(cpu_imports, 3),
            "cpu_load_s": round(cpu_load, 3), "cpu_index_s": round(cpu_index, 3)}


def gc_pause_effect(path: Path, rounds: int = 3) -> dict:
    """CPU seconds of load_knowledge + Matcher with the collector paused while loading (as
    shipped) and without the pause."""
    shipped = loader_module.gc_paused
    times: dict[str, list[float]] = {"paused": [], "not_paused": []}
    try:
        for _ in range(rounds):
            for mode in times:
                loader_module.gc_paused = shipped if mode == "paused" else contextlib.nullcontext
                gc.collect()
                t0 = time.process_time()
                Matcher(load_knowledge(path, cache=KnowledgeCache(None)), cache=IndexCache(None))
                times[mode].append(time.process_time() - t0)
    finally:
        loader_module.gc_paused = shipped
    paused, plain = percentile(times["paused"], 50), percentile(times["not_paused"], 50)
    return {"paused_cpu_s": round(paused, 3), "not_paused_cpu_s": round(plain, 3),
            "saved": round(1 - paused / plain, 3)}


def label_files(extra: list[str]) -> list[Path]:
    """The dev set and our labelled set shipped in tests/data, and any given."""
    shipped = [REPO / "tests" / "data" / "dev-questions.yaml", REPO / "tests" / "data" / "labelled-questions.yaml"]
    return [f for f in shipped if f.exists()] + [Path(f) for f in extra]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--procedures", type=int, default=5000)
    ap.add_argument("--queries", type=int, default=2000)
    ap.add_argument("--labelled", action="append", default=[], help="another labelled file (repeatable)")
    args = ap.parse_args()
    with contextlib.suppress(AttributeError, OSError):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core
    rng = random.Random(7)
    files = label_files(args.labelled)
    labelled = [c.q for f in files for c in load_cases(f)]
    long_labelled = [q for q in labelled if len(q.split()) >= LONG_WORDS]

    shipped = load_knowledge(REPO / "procedures.yaml")
    ours, naive = Matcher(shipped, cache=IndexCache(None)), Baseline(shipped)
    queries = [rng.choice(labelled) for _ in range(args.queries)]
    for q in queries[:50]:
        ours.route(q)  # warm the repair cache the way a running bot would be
    result: dict = {
        "shipped": {
            "procedures": len(shipped.procedures),
            "neighbours": len(shipped.out_of_scope),
            "phrasings": sum(len(p.phrasings) for p in shipped.procedures),
            "ours": time_routes(ours, queries),
            "ours_long_messages": time_routes(ours, long_labelled) if long_labelled else None,
            "baseline_extractOne": time_routes(naive, queries),
            "accuracy_ours": accuracy(ours, files, shipped),
            "accuracy_baseline": accuracy(naive, files, shipped),
        }
    }

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "big.yaml"
        path.write_text(generated_yaml(args.procedures, rng), encoding="utf-8")
        # Timed without tracemalloc (it slows every allocation), then measured again for memory.
        # load_s: parsing and validating (no knowledge base cache); load_cached_s: the same
        # file read back from the knowledge base cache.
        c0, t0 = time.process_time(), time.perf_counter()
        big = load_knowledge(path, cache=KnowledgeCache(None))
        c1, t1 = time.process_time(), time.perf_counter()
        big_matcher = Matcher(big, cache=IndexCache(None))
        t2 = time.perf_counter()
        kb_cache = KnowledgeCache(Path(tmp) / "load-cache")
        load_knowledge(path, cache=kb_cache)
        c3, t3 = time.process_time(), time.perf_counter()
        load_knowledge(path, cache=kb_cache)
        c4, t4 = time.process_time(), time.perf_counter()
        del big, big_matcher
        tracemalloc.start()
        big = load_knowledge(path, cache=KnowledgeCache(None))
        big_matcher = Matcher(big, cache=IndexCache(None))
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        cache = Path(tmp) / "index-cache"
        cold = fresh_start(path, cache)
        warm = fresh_start(path, cache)
        phrasings = [p.phrasings for p in big.procedures]
        # Queries: real citizen messages (mostly no hit), perturbed generated phrasings (hits),
        # and some of those told inside a story (long messages).
        big_queries, big_long = [], []
        for _ in range(args.queries):
            if rng.random() < 0.5:
                big_queries.append(rng.choice(labelled))
            else:
                words = rng.choice(rng.choice(phrasings)).split()
                rng.shuffle(words)
                big_queries.append(" ".join(words[: max(2, len(words) - 1)]))
                if rng.random() < 0.2:
                    story = rng.sample(STORY, 20)
                    told = f"{' '.join(story[:10])}, {' '.join(story[10:])}, "
                    big_long.append(told + big_queries[-1] + " duoc khong a")
        for q in big_queries[:50]:
            big_matcher.route(q)
        big_naive = Baseline(big)
        result["generated"] = {
            "procedures": len(big.procedures),
            "phrasings": sum(len(p) for p in phrasings),
            "load_s": round(t1 - t0, 3),
            "cpu_load_s": round(c1 - c0, 3),
            "load_cached_s": round(t4 - t3, 3),
            "cpu_load_cached_s": round(c4 - c3, 3),
            "index_s": round(t2 - t1, 3),
            "load_and_index_s": round(t2 - t0, 3),
            "start_cold_cache": cold,
            "start_warm_cache": warm,
            "peak_memory_mb_load_and_index": round(peak / 2**20, 1),
            "ours": time_routes(big_matcher, big_queries),
            "ours_long_messages": time_routes(big_matcher, big_long + long_labelled),
            "baseline_extractOne": time_routes(big_naive, big_queries[: max(200, args.queries // 10)]),
            "gc_pause_while_loading": gc_pause_effect(path),
        }
    result["max_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    print(json.dumps(result, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
