"""The load-with-faults run in its short form (issue 10.4); `newsdesk chaos --questions 5000` is the long one."""

from __future__ import annotations

from service.chaos import run_chaos


def test_chaos_short_run_has_no_errors_and_loses_nothing(seed_index_dir):
    report = run_chaos(seed_index_dir, seconds=12, askers=8)
    assert report.errors == 0, report.error_samples
    assert report.lost_documents == 0 and report.index_process_status == 0
    assert report.questions >= 8 and report.writes >= 2 and report.p99_ms > 0
    assert report.rss_after_mb < report.rss_before_mb * 1.5 + 100, report
