"""The command line: typer commands, prompts, rich rendering and exit codes; no business logic."""
