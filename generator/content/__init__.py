"""The content: the handout library, its markup and document blocks, labels, the report's lines."""
