"""Saved evaluation reports: where they live and which is the latest."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path


def save_report(report: dict, reports_dir: Path, name: str) -> Path:
    reports_dir.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    path = reports_dir / f"{stamp}-{name}.json"
    path.write_text(json.dumps(report, indent=2, ensure_ascii=False), "utf-8")
    return path


def list_reports(reports_dir: Path) -> list[Path]:
    """Report files, newest first."""
    return sorted(reports_dir.glob("*.json"), reverse=True) if reports_dir.exists() else []


def latest_chart(reports_dir: Path) -> Path | None:
    charts = sorted(reports_dir.glob("*-compare.png"), reverse=True) if reports_dir.exists() else []
    return charts[0] if charts else None
