"""Reading inputs: rosters (CSV, Excel), athlete profiles (YAML, JSON) and their validation."""
