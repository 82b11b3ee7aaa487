"""The content: the handout library, its markup and document blocks, labels, and the locale."""
