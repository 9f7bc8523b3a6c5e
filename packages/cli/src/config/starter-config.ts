/**
 * The commented starter configuration `forced-cleanup init` writes. It must pass `config check` as
 * written (a test makes sure), so it holds a paper account and only comments for real exchanges.
 */
export const STARTER_CONFIG = `# forced-cleanup configuration, written by \`forced-cleanup init\`.
# Check it:       forced-cleanup config check <this file>
# Every option:   docs/configuration.md  ·  JSON Schema for an editor: forced-cleanup config schema
# Safety:         docs/safety.md (dry run, the prompt, the lock, the journal)

# Positions worth strictly less than this (USD) are dust: always closed, never counted toward the cap.
dustThresholdUsd: 1.0

# The position cap of every owner, counted across all of the owner's accounts.
# Owners: "platform", or "user:<id>"; they never share a cap.
maxPositions: 8

# Per-owner caps (they still apply when --max-positions is given).
# maxPositionsByOwner:
#   platform: 20
#   "user:user_123": 5

# Assets that are cash, never positions.
cashAssets: [USD, USDC, USDT, EUR]

# Per-owner assets that are never touched and do not count toward the cap.
# protect:
#   "user:user_123": [ETH]

# Open orders of a position being closed. By default they are never cancelled: such a position is
# skipped, and the cap takes the next one instead.
#   cancelOpenOrders: true                       mode "always": cancel them, then close
#   cancelOpenOrders: true + startupOnly: true   mode "nuclear": only in startup runs
#   cancelConditions: "usd_value<1.0,rank>max_positions"   mode "selective" (comma = OR)
cancelOpenOrders: false
startupOnly: false
# cancelConditions: "usd_value<1.0"

# How many accounts are processed at once (1-1024): each account is its own API key.
concurrency: 32

# Liquidation guard: refuse a run whose plan would sell more than this (USD).
# maxSellUsdPerRun: 500

accounts:
  # A paper account: a simulated exchange kept in <state dir>/paper/<id>.json, to try the tool safely.
  # Try: forced-cleanup analyze  ·  forced-cleanup --dry-run  ·  forced-cleanup dust --dry-run
  - id: platform_paper
    owner: platform
    broker: paper
    paper:
      cash: { USD: 25 }
      positions:
        - { symbol: BTC-USD, quantity: 0.0002, price: 50000, entryPrice: 48000 }   # $10.00, +4.17 %
        - { symbol: ETH-USD, quantity: 0.004, price: 3000 }                        # $12.00, no entry price
        - { symbol: SHIB-USD, quantity: 20000, price: 0.0000215 }                   # $0.43: dust
        - { symbol: DOGE-USD, quantity: 5, price: 0.174 }                           # $0.87: dust

  # A real exchange: name its broker, then the broker's own options (see that broker's documentation).
  # Credentials are named, never written here: apiKeyEnv / apiSecretEnv (environment variables, also
  # read from .env) or apiKeyFile / apiSecretFile (files, relative to this file).
  # - id: user_user_123_kraken
  #   owner: { user: user_123 }
  #   broker: kraken
  #   apiKeyEnv: KRAKEN_USER_123_KEY
  #   apiSecretEnv: KRAKEN_USER_123_SECRET
`;
