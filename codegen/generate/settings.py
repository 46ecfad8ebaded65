"""The committed generator settings in ``codegen/config/``, merged per vendor.

``client.yaml`` holds openapi-python-client ``ConfigFile`` keys, ``models.toml`` holds
datamodel-code-generator options spelled as on its command line; ``client.<vendor>.yaml`` and
``models.<vendor>.toml`` override them for one vendor. The same options feed the in-process
API and, for the benchmark's naive loop, the command line, so the two cannot drift apart.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import yaml


def _read_yaml(path: Path) -> dict[str, Any]:
    data = yaml.safe_load(path.read_text(encoding="utf-8")) if path.is_file() else None
    return dict(data) if isinstance(data, dict) else {}


def _read_toml(path: Path) -> dict[str, Any]:
    return tomllib.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}


def client_settings(config_dir: Path, vendor: str) -> dict[str, Any]:
    """openapi-python-client ``ConfigFile`` keys for one vendor."""
    merged = _read_yaml(config_dir / "client.yaml")
    merged.update(_read_yaml(config_dir / f"client.{vendor}.yaml"))
    return merged


def model_options(config_dir: Path, vendor: str) -> dict[str, Any]:
    """datamodel-code-generator options for one vendor, kebab-case as in ``models.toml``."""
    merged = _read_toml(config_dir / "models.toml")
    merged.update(_read_toml(config_dir / f"models.{vendor}.toml"))
    return merged


def as_api_keywords(options: dict[str, Any]) -> dict[str, Any]:
    """The options as keyword arguments of ``datamodel_code_generator.generate``."""
    return {key.replace("-", "_"): value for key, value in options.items()}


def as_cli_arguments(options: dict[str, Any]) -> list[str]:
    """The options as ``datamodel-codegen`` arguments (an empty list becomes ``--no-<key>``)."""
    arguments: list[str] = []
    for key, value in options.items():
        if value is True:
            arguments.append(f"--{key}")
        elif value is False:
            continue
        elif isinstance(value, list):
            arguments += [f"--{key}", *map(str, value)] if value else [f"--no-{key}"]
        else:
            arguments += [f"--{key}", str(value)]
    return arguments
