"""API views: parse, call one service or selector, serialize. No logic here."""
