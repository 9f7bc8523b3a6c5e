/** `forced-cleanup --help`. */
export const HELP_TEXT = `forced-cleanup — close dust positions and enforce a position cap per owner across exchange accounts

Usage:
  forced-cleanup [run] [options]        plan and run a cleanup (the default command)

Options:
  --config, -c <file>       configuration file (YAML or JSON); default: forced-cleanup.yaml / .yml / .json here
  --demo                    use the built-in demo portfolio on the paper broker (state in a temp directory)
  --state <dir>             state directory (default: .forced-cleanup/ beside the config file)
  --dry-run                 show what would happen; cancel and sell nothing
  --yes, -y                 do not ask for confirmation
  --dust <usd>              dust threshold in USD (default 1.00): positions worth less are closed
  --max-positions <n>       position cap per owner (default 8; per-owner overrides in the config still apply)
  --include-open-orders     cancel the open orders of positions being closed (mode "always")
  --startup-only            with --include-open-orders: cancel only in startup runs (mode "nuclear")
  --cancel-if <conditions>  cancel only when a condition holds (mode "selective"), e.g.
                            "usd_value<1.0,rank>max_positions"  (comma = OR)
  --json                    print the run report as one JSON document on stdout
  --help, -h                this help
  --version, -V             the version

Environment (also read from .env in the working directory; flags win):
  FORCED_CLEANUP_CANCEL_OPEN_ORDERS=true|false    FORCED_CLEANUP_STARTUP_ONLY=true|false
  FORCED_CLEANUP_CANCEL_OPEN_ORDERS_IF=<conditions>
  FORCED_CLEANUP_DUST_THRESHOLD_USD=<usd>         FORCED_CLEANUP_MAX_POSITIONS=<n>

Examples:
  forced-cleanup --demo --dry-run                       preview the demo cleanup
  forced-cleanup --demo --yes                           run it on the paper exchange
  forced-cleanup -c accounts.yaml --dry-run --include-open-orders
  forced-cleanup -c accounts.yaml --cancel-if "usd_value<1.0" --yes --json

Exit codes: 0 done (or declined), 1 an action failed or an account was unreadable, 2 usage or configuration error.
Docs: docs/cli.md, docs/configuration.md
`;
