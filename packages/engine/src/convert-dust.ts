import { cleanupError, toErrorData, type ActionReport, type PlannedAction } from '@forced-cleanup/contract';
import { failed, initialActionReport } from './action-report.js';
import { emitResult, type AccountCloseContext } from './close-position.js';

/**
 * Converts an account's stuck dust in ONE call (Binance allows one conversion per account per 24 hours, so
 * one call per asset would fail from the second on). One journal intent per asset is written first; each
 * action ends closed when its asset was converted, failed with the exchange's reason otherwise.
 */
export async function convertDust(
  actions: readonly PlannedAction[],
  cancelledByAction: ReadonlyMap<string, string[]>,
  context: AccountCloseContext,
): Promise<ActionReport[]> {
  const { connection, journal, now, signal, emit } = context;
  const reports = actions.map((action) => ({ ...initialActionReport(action, 'failed'), ordersCancelled: cancelledByAction.get(action.id) ?? [] }));
  if (actions.length === 0) return [];
  if (!connection.convertDust) {
    const error = toErrorData(cleanupError('invalid_order', 'this broker cannot convert dust'));
    return actions.map((action, i) => emitResult(action, failed(reports[i] as ActionReport, error), emit));
  }
  const seqs = await Promise.all(actions.map((action) =>
    journal.intent({ op: 'convert', accountId: action.accountId, asset: action.asset, symbol: null, clientOrderId: null, orderId: null, quantity: action.quantity }, now()),
  ));
  let result;
  try {
    result = await connection.convertDust(actions.map((action) => action.asset), signal);
  } catch (error) {
    const data = toErrorData(error);
    seqs.forEach((seq) => journal.result(seq, { outcome: 'unknown', orderId: null, filledQuantity: null, error: data }, now()));
    return actions.map((action, i) => emitResult(action, failed(reports[i] as ActionReport, data), emit));
  }
  return actions.map((action, i) => {
    const refusal = result.refused.find((entry) => entry.asset === action.asset);
    const converted = !refusal && result.converted.includes(action.asset);
    journal.result(seqs[i] as number, { outcome: converted ? 'done' : 'failed', orderId: null, filledQuantity: converted ? action.quantity : 0, error: null }, now());
    const report = reports[i] as ActionReport;
    if (!converted) {
      return emitResult(action, failed(report, { code: 'invalid_order', message: `dust conversion refused: ${refusal?.reason ?? 'not converted'}`, retryable: false }), emit);
    }
    return emitResult(action, { ...report, status: 'closed', filledQuantity: action.quantity }, emit);
  });
}
