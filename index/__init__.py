"""Getting articles in: load → clean → chunk → annotate → embed → store."""
