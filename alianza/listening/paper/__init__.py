"""The survey on paper: a printable form per language and partner, its QR codes, and the
layout both are drawn from."""
