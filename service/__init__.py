"""Answering: retrieve → answer → present (HTTP, Slack, CLI)."""
