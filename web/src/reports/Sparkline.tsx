import { formatNumber } from '../shared/format.ts';
import type { ProfileItem, ProfilePoint } from './api.ts';

const W = 150;
const H = 46;
const LEFT = 34;
const RIGHT = W - 4;
const TOP = 4;
const BOTTOM = H - 12;

const year = (period: string) => period.slice(0, 4);

/**
 * A small line chart with just enough axis to read it: lowest and highest value on the left, first
 * and last year below. The area solid, the city dashed (not for counts); gaps stay gaps.
 */
export function Sparkline({ item, label, locale }: { item: ProfileItem; label: string; locale: string }) {
  const own = item.series.filter((p) => p.value !== null);
  if (own.length < 2) return null;
  const withCity = item.indicator?.kind !== 'count' && item.citySeries.filter((p) => p.value !== null).length > 1;
  const periods = [...new Set([...item.series, ...item.citySeries].map((p) => p.period))].sort();
  const ys = [...own, ...(withCity ? item.citySeries.filter((p) => p.value !== null) : [])].map((p) => p.value as number);
  const lo = Math.min(...ys);
  const hi = Math.max(...ys);
  const decimals = item.indicator?.decimals ?? 0;
  const x = (p: string) => LEFT + (periods.indexOf(p) / Math.max(1, periods.length - 1)) * (RIGHT - LEFT);
  const y = (v: number) => (hi === lo ? (TOP + BOTTOM) / 2 : BOTTOM - ((v - lo) / (hi - lo)) * (BOTTOM - TOP));
  const path = (s: ProfilePoint[]) => {
    let d = '';
    let pen = false;
    for (const p of s) {
      if (p.value === null) { pen = false; continue; }
      d += `${pen ? 'L' : 'M'}${x(p.period).toFixed(1)},${y(p.value).toFixed(1)}`;
      pen = true;
    }
    return d;
  };
  const last = own[own.length - 1];
  const text = { fontSize: 8, fill: '#444' } as const;
  return (
    <svg className="spark" width={W} height={H} viewBox={`0 0 ${W} ${H}`} role="img" aria-label={label}>
      <path d={`M${LEFT},${TOP}V${BOTTOM}H${RIGHT}`} fill="none" stroke="#999" strokeWidth={0.6} />
      <text className="ax-max" x={LEFT - 3} y={TOP + 6} textAnchor="end" {...text}>{formatNumber(hi, locale, decimals)}</text>
      <text className="ax-min" x={LEFT - 3} y={BOTTOM} textAnchor="end" {...text}>{formatNumber(lo, locale, decimals)}</text>
      <text className="ax-first" x={LEFT} y={H - 2} textAnchor="start" {...text}>{year(periods[0])}</text>
      <text className="ax-last" x={RIGHT} y={H - 2} textAnchor="end" {...text}>{year(periods[periods.length - 1])}</text>
      {withCity && <path d={path(item.citySeries)} fill="none" stroke="#555" strokeWidth={1} strokeDasharray="3 2" />}
      <path d={path(item.series)} fill="none" stroke="#7a0177" strokeWidth={1.6} />
      <circle cx={x(last.period)} cy={y(last.value as number)} r={2.2} fill="#7a0177" />
    </svg>
  );
}
