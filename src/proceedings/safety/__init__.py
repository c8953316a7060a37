"""The policy for untrusted talk pages, and where it is enforced (MyST's parse, the doctree, the files)."""
