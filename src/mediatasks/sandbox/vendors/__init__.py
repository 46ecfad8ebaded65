"""One emulator per vendor, each a :class:`mediatasks.sandbox.service.VendorService`."""
