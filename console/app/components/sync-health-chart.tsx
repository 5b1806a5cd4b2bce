/** Sync health over the last 24 h: attempts and failures per hour (bars), server latency (line). */
import { Bar, CartesianGrid, ComposedChart, Legend, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';

export interface ChartPoint {
  hour: string;
  attempts: number;
  failures: number;
  averageLatencyMs: number | null;
}

export function SyncHealthChart({ points }: { points: ChartPoint[] }) {
  const data = points.map((p) => ({ ...p, label: p.hour.slice(11, 16), succeeded: p.attempts - p.failures }));
  return (
    <div
      className="chart"
      role="img"
      aria-label="Sync attempts, failures and average latency per hour over the last 24 hours"
    >
      <ResponsiveContainer width="100%" height="100%">
        <ComposedChart data={data} margin={{ top: 8, right: 16, bottom: 8, left: 0 }}>
          <CartesianGrid stroke="#d1d5db" strokeDasharray="3 3" />
          <XAxis dataKey="label" stroke="#111827" />
          <YAxis yAxisId="count" allowDecimals={false} stroke="#111827" />
          <YAxis yAxisId="ms" orientation="right" stroke="#0b3d91" unit=" ms" />
          <Tooltip />
          <Legend />
          <Bar
            yAxisId="count"
            dataKey="succeeded"
            name="Succeeded"
            stackId="a"
            fill="#166534"
            isAnimationActive={false}
          />
          <Bar yAxisId="count" dataKey="failures" name="Failed" stackId="a" fill="#a4161a" isAnimationActive={false} />
          <Line
            yAxisId="ms"
            dataKey="averageLatencyMs"
            name="Avg latency"
            stroke="#0b3d91"
            strokeWidth={2}
            dot={{ r: 3 }}
            connectNulls
            isAnimationActive={false}
          />
        </ComposedChart>
      </ResponsiveContainer>
    </div>
  );
}
