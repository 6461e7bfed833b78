"""Reports for people: plain text now (tables, equilibria, notes); other formats later."""
