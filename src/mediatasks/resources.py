"""Where the package finds the data it reads at run time: the specs and the sandbox's cassettes.

An installed wheel carries them as package data under ``mediatasks/_data/`` (``pyproject.toml``
maps the repository's ``specs/`` and ``contract_tests/fixtures/`` there) and reads them with
:mod:`importlib.resources`, so nothing depends on a checkout being on disk. In a source
checkout (``make setup``'s editable install, the tests) there is no ``_data/`` and the
repository's own folders are used. An environment variable overrides each:

    MEDIATASKS_SPECS_DIR          a folder of ``<vendor>/openapi.yaml``
    MEDIATASKS_SANDBOX_FIXTURES   a folder of ``<vendor>/*.yaml`` cassettes
"""

from __future__ import annotations

import os
from importlib.resources import files
from pathlib import Path
from typing import Final, NamedTuple

__all__ = ["DATA", "DataFolder", "data_dir"]


class DataFolder(NamedTuple):
    variable: str
    #: the folder inside the wheel, under ``mediatasks/_data/``
    packaged: str
    #: the same folder in a source checkout, relative to the repository root
    checkout: str


DATA: Final = {
    "specs": DataFolder("MEDIATASKS_SPECS_DIR", "specs", "specs"),
    "fixtures": DataFolder("MEDIATASKS_SANDBOX_FIXTURES", "fixtures", "contract_tests/fixtures"),
}
#: The repository root when this file is ``src/mediatasks/resources.py`` of a checkout.
_CHECKOUT: Final = Path(__file__).resolve().parents[2]


def data_dir(name: str) -> Path:
    """The folder of ``name`` (a key of :data:`DATA`): the environment's, the wheel's, or the
    checkout's; the wheel's path when none exists, so an error names where it looked."""
    folder = DATA[name]
    override = os.environ.get(folder.variable)
    if override:
        return Path(override)
    packaged = files("mediatasks").joinpath("_data", folder.packaged)
    # a wheel is installed as files on disk; a zipped import has no folder to hand out
    packaged_path = Path(str(packaged))
    if packaged_path.is_dir():
        return packaged_path
    checkout = _CHECKOUT / folder.checkout
    if (_CHECKOUT / "pyproject.toml").is_file() and checkout.is_dir():
        return checkout
    return packaged_path
