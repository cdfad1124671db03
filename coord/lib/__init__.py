"""Framework-light helpers shared by every app (settings helpers, API plumbing)."""
