"""Access requests, grants and shares live here (see docs/sharing.md)."""
