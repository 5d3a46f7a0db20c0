import { seededRandom } from '../../seeded-random.js';
/**
 * Deterministic rows for the demo schema: the same seed gives the same database on every machine, so
 * gold queries in bench/sql and tests can rely on exact results.
 */
export interface SeedRows {
  customers: Array<[number, string, string, string, string, string, string]>;
  products: Array<[number, string, string, number, number]>;
  orders: Array<[number, number, string, string, string]>;
  orderItems: Array<[number, number, number, number, number]>;
  returns: Array<[number, number, string, string, number]>;
}

export const SEED = 20240601;

const firstNames = [
  'Ava',
  'Ben',
  'Chloe',
  'Diego',
  'Elif',
  'Finn',
  'Grace',
  'Hiro',
  'Isla',
  'Jonas',
  'Kira',
  'Liam',
  'Maya',
  'Noah',
  'Olga',
  'Priya',
  'Quinn',
  'Rosa',
  'Sami',
  'Tariq',
  'Uma',
  'Victor',
  'Wen',
  'Yara',
  'Zoe',
];
const lastNames = [
  'Adams',
  'Becker',
  'Costa',
  'Dubois',
  'Evans',
  'Fischer',
  'Garcia',
  'Hughes',
  'Ito',
  'Jensen',
  'Khan',
  'Lopez',
  'Martin',
  'Nakamura',
  'Okafor',
  'Patel',
  'Rossi',
  'Silva',
  'Tanaka',
  'Weber',
];
const cities: Record<string, string[]> = {
  US: ['New York', 'Seattle', 'Austin', 'Chicago'],
  DE: ['Berlin', 'Munich', 'Hamburg'],
  FR: ['Paris', 'Lyon'],
  GB: ['London', 'Manchester'],
  JP: ['Tokyo', 'Osaka'],
  BR: ['São Paulo', 'Rio de Janeiro'],
  IN: ['Bengaluru', 'Mumbai'],
  CA: ['Toronto', 'Vancouver'],
};
const countryWeights: Array<[string, number]> = [
  ['US', 30],
  ['DE', 14],
  ['FR', 10],
  ['GB', 12],
  ['JP', 8],
  ['BR', 9],
  ['IN', 9],
  ['CA', 8],
];
const catalog: Record<string, string[]> = {
  Books: [
    'Data Modeling Basics',
    'The SQL Cookbook',
    'Garden Planner 2024',
    'Kids Atlas',
    'Mystery at Dawn',
    'Cloud Patterns',
  ],
  Electronics: [
    'Noise-Cancelling Headphones',
    'USB-C Hub',
    'Mechanical Keyboard',
    '4K Monitor',
    'Wireless Mouse',
    'Smart Speaker',
    'Action Camera',
  ],
  Home: [
    'Ceramic Mug Set',
    'Linen Sheets',
    'Desk Lamp',
    'French Press',
    'Cast Iron Pan',
    'Wool Throw',
    'Wall Clock',
  ],
  Toys: ['Building Blocks', 'Puzzle 1000', 'Plush Fox', 'Remote Car', 'Board Game Night', 'Kite'],
  Garden: [
    'Hose Reel',
    'Pruning Shears',
    'Raised Bed Kit',
    'Seed Starter',
    'Solar Lights',
    'Watering Can',
    'Compost Bin',
  ],
  Sports: [
    'Yoga Mat',
    'Running Shoes',
    'Tennis Racket',
    'Water Bottle',
    'Bike Helmet',
    'Dumbbell Pair',
    'Camping Tent',
  ],
};
const reasons = ['damaged', 'wrong item', 'not as described', 'changed mind'];

const START = Date.UTC(2024, 0, 1);
const END = Date.UTC(2025, 5, 30, 23, 59, 59);
const DAY = 86_400_000;

export function seedRows(seed = SEED): SeedRows {
  const next = seededRandom(seed);
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T;
  const weighted = (weights: Array<[string, number]>) => {
    let roll = next() * weights.reduce((sum, [, w]) => sum + w, 0);
    for (const [value, weight] of weights) {
      roll -= weight;
      if (roll < 0) return value;
    }
    return weights[0]?.[0] ?? '';
  };

  const customers: SeedRows['customers'] = [];
  for (let id = 1; id <= 150; id += 1) {
    const first = pick(firstNames);
    const last = pick(lastNames);
    const country = weighted(countryWeights);
    const signedUp = START - 200 * DAY + Math.floor(next() * 700) * DAY;
    customers.push([
      id,
      `${first} ${last}`,
      `${first}.${last}${id}@example.com`.toLowerCase(),
      country,
      pick(cities[country] ?? ['Unknown']),
      next() < 0.25 ? 'business' : 'consumer',
      isoDate(signedUp),
    ]);
  }

  const products: SeedRows['products'] = [];
  for (const [category, names] of Object.entries(catalog)) {
    for (const name of names) {
      const price = int(4, 260) + pick([0.99, 0.49, 0, 0.5]);
      products.push([products.length + 1, name, category, price, next() < 0.88 ? 1 : 0]);
    }
  }

  const orders: SeedRows['orders'] = [];
  const orderItems: SeedRows['orderItems'] = [];
  const returns: SeedRows['returns'] = [];
  // A quarter of the customers buy often; about one in ten never orders.
  const buyers = customers.filter(() => next() > 0.1);
  const frequent = buyers.filter(() => next() < 0.25);
  for (let id = 1; id <= 800; id += 1) {
    const customer = next() < 0.5 ? pick(frequent) : pick(buyers);
    const orderedAt = START + Math.floor(next() * (END - START));
    const age = (END - orderedAt) / DAY;
    const status =
      next() < 0.05
        ? 'cancelled'
        : age < 10
          ? pick(['pending', 'shipped'])
          : age < 25
            ? pick(['shipped', 'delivered'])
            : 'delivered';
    const shipping = next() < 0.9 ? customer[3] : weighted(countryWeights);
    orders.push([id, customer[0], isoTimestamp(orderedAt), status, shipping]);
    for (let line = int(1, 4); line > 0; line -= 1) {
      const product = pick(products);
      const discounted = next() < 0.15;
      const unitPrice = Math.round(product[3] * (discounted ? 0.9 : 1) * 100) / 100;
      const quantity = next() < 0.7 ? 1 : int(2, 4);
      const itemId = orderItems.length + 1;
      orderItems.push([itemId, id, product[0], quantity, unitPrice]);
      if (status === 'delivered' && next() < 0.07) {
        const returnedAt = orderedAt + int(5, 30) * DAY + int(0, 80_000) * 1000;
        const refund = Math.round(unitPrice * (next() < 0.8 ? quantity : 1) * 100) / 100;
        returns.push([returns.length + 1, itemId, isoTimestamp(returnedAt), pick(reasons), refund]);
      }
    }
  }
  return { customers, products, orders, orderItems, returns };
}

function isoDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

function isoTimestamp(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
}
