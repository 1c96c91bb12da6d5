"""Dataset versions and the figures read from them."""
