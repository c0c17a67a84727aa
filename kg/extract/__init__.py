"""Text in, relations out: readers, gazetteer, Korean and English extraction."""
