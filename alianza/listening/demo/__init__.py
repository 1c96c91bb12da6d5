"""Demo data for the listening module: a needs assessment like the seed's and a finished
narrative frame test, with generated responses from a fixed random seed."""
