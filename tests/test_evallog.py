"""The evaluation log: rotation, never blocking a request, surviving a broken sink, two writers on one
path, the record's contents, and records from a real proxy (no prompt text in them)."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import httpx
import orjson
import pytest

from proxy.config.models import Deployment
from proxy.core.errors import RateLimited
from proxy.core.exchange import Usage
from proxy.guardrails.verdict import Verdict
from proxy.observability import evallog as evallog_module
from proxy.observability.evallog import EvalLog, eval_record
from tests.conftest import ProxyFactory
from tests.support import new_exchange


def lines_of(path: Path) -> list[dict[str, object]]:
    return [orjson.loads(line) for line in path.read_bytes().splitlines()] if path.exists() else []


def test_rotates_by_size_keeping_the_newest_files(tmp_path: Path) -> None:
    path = tmp_path / "eval.jsonl"
    log = EvalLog(str(path), max_bytes=2000, backups=2)
    for n in range(200):
        log.submit({"n": n, "pad": "x" * 40})
    log.close()
    files = [path, Path(f"{path}.1"), Path(f"{path}.2")]
    assert not Path(f"{path}.3").exists()
    assert all(0 < f.stat().st_size <= 2000 for f in files)
    kept = [line["n"] for f in reversed(files) for line in lines_of(f)]
    assert kept == list(range(200 - len(kept), 200))  # oldest first, contiguous, up to the newest
    assert log.written == 200 and log.dropped == 0 and log.failed == 0


def test_no_backups_truncates_in_place(tmp_path: Path) -> None:
    path = tmp_path / "eval.jsonl"
    log = EvalLog(str(path), max_bytes=500, backups=0)
    for n in range(50):
        log.submit({"n": n})
    log.close()
    assert path.stat().st_size <= 500 and lines_of(path)[-1] == {"n": 49}
    assert not Path(f"{path}.1").exists()


def test_submit_never_blocks_and_counts_drops_when_full(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # The writer must not wake up (and drain) while the queue fills; close() still drains it.
    monkeypatch.setattr(evallog_module, "_FLUSH_EVERY_S", 60)
    path = tmp_path / "eval.jsonl"
    log = EvalLog(str(path), queue_size=5)
    started = time.perf_counter()
    for n in range(1000):  # the writer sleeps until close()
        log.submit({"n": n})
    assert time.perf_counter() - started < 0.1
    assert log.dropped == 995
    log.close()
    assert [line["n"] for line in lines_of(path)] == [0, 1, 2, 3, 4]
    log.submit({"n": "after close"})
    assert log.dropped == 996


def test_a_broken_sink_never_raises(tmp_path: Path) -> None:
    log = EvalLog(str(tmp_path / "missing-dir" / "eval.jsonl"))
    log.submit({"n": 1})
    log.close()
    assert log.failed == 1 and log.written == 0


def test_two_writers_on_one_path_rotate_once_and_lose_nothing(tmp_path: Path) -> None:
    # Two processes of one proxy share the path; two logs in one process use the same locking.
    path = tmp_path / "eval.jsonl"
    logs = [EvalLog(str(path), max_bytes=4096, backups=50) for _ in range(2)]

    def write(w: int) -> None:
        for n in range(500):
            logs[w].submit({"w": w, "n": n, "pad": "y" * 30})
            if n % 50 == 0:
                time.sleep(0.05)

    threads = [threading.Thread(target=write, args=(w,)) for w in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for log in logs:
        log.close()
    files = [path, *sorted(tmp_path.glob("eval.jsonl.*"), key=lambda f: int(f.suffix[1:]))]
    records = [line for f in files for line in lines_of(f)]  # every line parses: none interleaved
    assert sorted((r["w"], r["n"]) for r in records) == [(w, n) for w in range(2) for n in range(500)]
    # Each writer checks the size it knows of, so a file may also hold what the other appended
    # meanwhile: bounded by max_bytes plus one batch of the other writer, never unbounded.
    assert len(files) > 5 and all(f.stat().st_size <= 2 * 4096 + 100 for f in files)


def test_eval_record_has_the_outcome_and_never_the_text() -> None:
    ex = new_exchange(request_id="req-1", path="/v1/chat/completions", t_start=1.0)
    ex.body = {"model": "fast", "messages": [{"role": "user", "content": "SECRET PROMPT"}]}
    ex.raw_body = orjson.dumps(ex.body)
    ex.tenant, ex.alias, ex.served_alias, ex.stream = "team-a", "fast", "fast", True
    ex.deployment = Deployment(provider="mock", model="upstream-fast")
    ex.usage = Usage(prompt_tokens=12, completion_tokens=3, total_tokens=15)
    ex.t_end, ex.ttft_s, ex.status, ex.finish_reason, ex.cost_usd = 1.25, 0.05, 200, "stop", 0.001
    verdict = Verdict(guardrail="pii", phase="input", enforce=False)
    verdict.escalate("redact", "EMAIL")
    ex.guardrail_verdicts.append(verdict)
    record = eval_record(ex)
    assert b"SECRET PROMPT" not in orjson.dumps(record)
    assert record["request_id"] == "req-1" and record["tenant"] == "team-a" and record["model"] == "fast"
    assert record["deployment"] == ex.deployment.label and record["served_model"] == "fast"
    assert (record["input_tokens"], record["output_tokens"], record["latency_ms"], record["ttft_ms"]) == (
        12,
        3,
        250,
        50,
    )
    assert record["variant"] is None and record["template"] is None and record["cache"] is None
    pii = {"guardrail": "pii", "phase": "input", "mode": "monitor", "outcome": "would-redact", "found": {"EMAIL": 1}}
    assert record["guardrails"] == [pii]
    ex.fail(RateLimited("slow down"))
    assert (eval_record(ex)["status"], eval_record(ex)["fault"], eval_record(ex)["error_code"]) == (
        429,
        "policy",
        "rate_limit_exceeded",
    )


def test_proxy_writes_a_record_per_request_without_prompt_text(start_proxy: ProxyFactory, tmp_path: Path) -> None:
    path = tmp_path / "eval.jsonl"
    proxy = start_proxy(extra=f'logging: {{requests: false, eval_log: {{path: "{path}", max_bytes: 100000}}}}')
    ids, answers = [], []
    with httpx.Client(timeout=10) as client:
        for n in range(3):
            body = {"model": "gpt-4o-mini", "messages": [{"role": "user", "content": f"PROMPT-TEXT-{n}"}]}
            resp = client.post(proxy.url + "/v1/chat/completions", json=body)
            assert resp.status_code == 200
            ids.append(resp.headers["x-request-id"])
            answers.append(resp.json()["choices"][0]["message"]["content"].encode())
    deadline = time.monotonic() + 5
    while len(lines_of(path)) < 3 and time.monotonic() < deadline:
        time.sleep(0.05)
    records = {r["request_id"]: r for r in lines_of(path)}
    assert set(ids) <= set(records)
    assert all(records[i]["model"] == "gpt-4o-mini" and records[i]["status"] == 200 for i in ids)
    assert all(isinstance(records[i]["output_tokens"], int) for i in ids)
    written = path.read_bytes()
    assert b"PROMPT-TEXT" not in written and not any(answer in written for answer in answers if answer)
