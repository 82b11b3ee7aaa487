"""Layout: everything that knows reportlab. Document blocks in, laid-out PDF pages out."""
