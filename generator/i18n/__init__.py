"""Every user-facing text, in Swedish and English (the one catalogue)."""
