"""Building blocks of the contract suites: targets, signing, envelope checks, client parsing,
cassettes and the per-vendor summary."""
