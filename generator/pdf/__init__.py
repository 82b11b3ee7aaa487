"""PDF finishing and packets: metadata, bookmarks, encryption, the streaming writer, outside PDFs."""
