"""Tooling around the specs: checks, source-document tracking and client generation."""
