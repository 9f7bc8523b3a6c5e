/**
 * @forced-cleanup/example-bot — a small trading bot on the paper exchange with the forced-cleanup bot hook
 * wired in; the runnable example of docs/bot-integration.md.
 */
export { runExampleBot, type ExampleBotOptions, type ExampleBotResult, type PaperAccountConfig } from './example-bot.js';
export { BotPositionTracker, type BotPosition, type BotStatistics } from './bot-position-tracker.js';
export { MarketSimulator, seededRandom, LISTED_ASSETS, type MarketSettings } from './market-simulator.js';
export { PaperExchangeClient } from './paper-exchange-client.js';
export { demoAccounts } from './demo-accounts.js';
