"""Entity resolution: who is who across agencies, explained (Splink's Fellegi-Sunter model on
transliteration-aware features, clustering that refuses contradictions)."""
