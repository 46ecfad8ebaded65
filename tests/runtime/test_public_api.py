"""Pin the curated public surface of the runtime packages."""

from __future__ import annotations

import mediatasks.auth
import mediatasks.runtime
import mediatasks.signing
import mediatasks.tasks
import mediatasks.vendors


def test_all_lists_exactly_the_exports() -> None:
    assert mediatasks.auth.__all__ == [
        "AccessToken",
        "CDNetworksAuth",
        "MyunAuth",
        "Outgoing",
        "Pan123TokenAuth",
        "PolyvAuth",
        "PresigningAuth",
        "Secret",
        "ZegoAuth",
    ]
    assert mediatasks.signing.__all__ == ["cdnetworks", "polyv", "zego"]
    assert set(mediatasks.vendors.__all__) == {
        "CREDENTIAL_ENV",
        "CDNetworksClient",
        "MyunClient",
        "Pan123Client",
        "PolyvClient",
        "TaskClient",
        "ZegoClient",
        "client_for",
        "default_base_url",
    }
    for module in (mediatasks.auth, mediatasks.runtime, mediatasks.tasks, mediatasks.vendors):
        for name in module.__all__:
            assert hasattr(module, name), (module.__name__, name)
