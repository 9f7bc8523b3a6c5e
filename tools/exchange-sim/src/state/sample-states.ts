import { sampleCredentials } from '../testing/sample-credentials.js';
import type { ExchangeName } from '../server/protocol.js';
import type { SimStateInput } from './schema.js';

/**
 * The state a sim starts from without `--state`: a small, realistic portfolio per exchange with its typical
 * traps — a position held by an open order, dust above and below the exchange minimums, and (Kraken) staked
 * balances that have no market. Rules are modelled on each exchange's published ones.
 */

function credentials() {
  const keys = sampleCredentials();
  return {
    coinbase: [
      { keyName: keys.coinbase.ecdsa.keyName, publicKeyPem: keys.coinbase.ecdsa.publicKeyPem },
      { keyName: keys.coinbase.ed25519.keyName, publicKeyPem: keys.coinbase.ed25519.publicKeyPem },
    ],
    kraken: [keys.kraken],
    binance: [keys.binance],
  };
}

function coinbaseSample(): SimStateInput {
  return {
    credentials: credentials(),
    balances: {
      USD: { total: 1250.37 },
      USDC: { total: 40 },
      BTC: { total: 0.0523 },
      ETH: { total: 0.8 },
      SOL: { total: 1.25 },
      SHIB: { total: 150000 },
      DOGE: { total: 2.1 },
      XLM: { total: 0.7 },
    },
    markets: {
      'BTC-USD': { price: 97000, minQuantity: 0.00000001, quantityStep: 0.00000001, minNotional: 1 },
      'ETH-USD': { price: 3400, minQuantity: 0.00000001, quantityStep: 0.00000001, minNotional: 1 },
      'SOL-USD': { price: 180, minQuantity: 0.00000001, quantityStep: 0.00000001, minNotional: 1 },
      'SHIB-USD': { price: 0.0000245, minQuantity: 1, quantityStep: 1, minNotional: 1 },
      'DOGE-USD': { price: 0.38, minQuantity: 0.1, quantityStep: 0.1, minNotional: 1 },
      'XLM-USD': { price: 0.1, minQuantity: 1, quantityStep: 1, minNotional: 1 },
    },
    openOrders: [
      { id: '5f0c5b1e-2a43-4c3e-9f51-0d6a3b1c2e01', clientOrderId: 'manual-tp-btc', symbol: 'BTC-USD', side: 'sell', quantity: 0.01, price: 120000, createdAt: '2024-11-02T09:30:00.000Z' },
    ],
    pastOrders: [
      { id: '0a3e9c7d-61b4-4f0e-8c2a-7d5e4b3a2f10', clientOrderId: 'bot-entry-eth-1', symbol: 'ETH-USD', side: 'sell', type: 'market', quantity: 0.1, filledQuantity: 0.1, averagePrice: 3350, status: 'filled', createdAt: '2024-10-15T12:00:00.000Z', closedAt: '2024-10-15T12:00:00.000Z' },
    ],
  };
}

function krakenSample(): SimStateInput {
  return {
    credentials: credentials(),
    balances: {
      USD: { total: 500 },
      BTC: { total: 0.012 },
      ETH: { total: 0.25 },
      DOT: { total: 3.5 },
      SHIB: { total: 90000 },
      DOGE: { total: 12 },
      'DOT.S': { total: 10 },
      'BTC.F': { total: 0.0005 },
    },
    markets: {
      'BTC-USD': { price: 97000, minQuantity: 0.00005, quantityStep: 0.00000001, minNotional: 0.5 },
      'ETH-USD': { price: 3400, minQuantity: 0.002, quantityStep: 0.00000001, minNotional: 0.5 },
      'DOT-USD': { price: 6.5, minQuantity: 0.5, quantityStep: 0.00000001, minNotional: 0.5 },
      'SHIB-USD': { price: 0.0000245, minQuantity: 50000, quantityStep: 1, minNotional: 0.5 },
      'DOGE-USD': { price: 0.38, minQuantity: 15, quantityStep: 0.00000001, minNotional: 0.5 },
    },
    openOrders: [
      { id: 'OQCLML-BW3P3-BUCMWZ', clientOrderId: null, userref: 42, symbol: 'DOT-USD', side: 'sell', quantity: 2, price: 9.5, createdAt: '2024-11-03T08:00:00.000Z' },
    ],
    pastOrders: [],
  };
}

function binanceSample(): SimStateInput {
  return {
    credentials: credentials(),
    balances: {
      USDT: { free: 300, locked: 0 },
      BTC: { free: 0.0031, locked: 0 },
      ETH: { free: 0.02, locked: 0.03 },
      BNB: { free: 0.02, locked: 0 },
      TRX: { free: 3, locked: 0 },
      SHIB: { free: 120000, locked: 0 },
      PEPE: { free: 8000, locked: 0 },
    },
    markets: {
      'BTC-USDT': { price: 97000, minQuantity: 0.00001, quantityStep: 0.00001, minNotional: 5 },
      'ETH-USDT': { price: 3400, minQuantity: 0.0001, quantityStep: 0.0001, minNotional: 5 },
      'BNB-USDT': { price: 600, minQuantity: 0.001, quantityStep: 0.001, minNotional: 5 },
      'TRX-USDT': { price: 0.25, minQuantity: 0.1, quantityStep: 0.1, minNotional: 1 },
      'SHIB-USDT': { price: 0.0000245, minQuantity: 1, quantityStep: 1, minNotional: 1 },
      'PEPE-USDT': { price: 0.00001, minQuantity: 1, quantityStep: 1, minNotional: 1 },
    },
    openOrders: [
      { id: '3456789012', clientOrderId: 'web_tp_eth_0001', symbol: 'ETH-USDT', side: 'sell', quantity: 0.03, price: 4200, createdAt: '2024-11-01T16:45:00.000Z' },
    ],
    pastOrders: [],
  };
}

/** A fresh copy of the sample state of `exchange` (state-file form: parse it before use). */
export function sampleState(exchange: ExchangeName): SimStateInput {
  if (exchange === 'coinbase') return coinbaseSample();
  if (exchange === 'kraken') return krakenSample();
  return binanceSample();
}
