"""Search has no tables of its own yet; the index lives in Whoosh."""
