"""The test credentials the sandbox accepts. They are fake and public on purpose.

Other-language teams point their clients at the sandbox with exactly these values (`make sandbox`
prints them), and the contract tests sign with them. Real vendor credentials never go here.
"""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = ["SandboxCredentials"]


@dataclass(frozen=True, slots=True)
class SandboxCredentials:
    """Credentials per vendor; override any of them through :class:`SandboxConfig`."""

    pan123_client_id: str = "sandbox-client-id"
    pan123_client_secret: str = field(default="sandbox-client-secret", repr=False)
    zego_app_id: int = 1234567890
    zego_server_secret: str = field(default="00112233445566778899aabbccddeeff", repr=False)
    polyv_app_id: str = "sandboxApp1"
    polyv_secret: str = field(default="sandbox-polyv-secret", repr=False)
    cdnetworks_access_key: str = "sandbox-access-key"
    cdnetworks_secret_key: str = field(default="sandbox-secret-key", repr=False)
    myun_token: str | None = field(default=None, repr=False)

    def as_environment(self) -> dict[str, str]:
        """The environment variables the mediatasks CLI reads, set to these credentials."""
        env = {
            "MEDIATASKS_PAN123_CLIENT_ID": self.pan123_client_id,
            "MEDIATASKS_PAN123_CLIENT_SECRET": self.pan123_client_secret,
            "MEDIATASKS_ZEGO_APP_ID": str(self.zego_app_id),
            "MEDIATASKS_ZEGO_SERVER_SECRET": self.zego_server_secret,
            "MEDIATASKS_POLYV_APP_ID": self.polyv_app_id,
            "MEDIATASKS_POLYV_SECRET": self.polyv_secret,
            "MEDIATASKS_CDNETWORKS_ACCESS_KEY": self.cdnetworks_access_key,
            "MEDIATASKS_CDNETWORKS_SECRET_KEY": self.cdnetworks_secret_key,
        }
        if self.myun_token:
            env["MEDIATASKS_MYUN_TOKEN"] = self.myun_token
        return env
