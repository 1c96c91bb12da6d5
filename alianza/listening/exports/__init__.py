"""Downloads of a survey's responses (one row per response) and their codebook."""
