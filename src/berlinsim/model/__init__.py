"""Value objects: games, profiles, results. numpy only."""
