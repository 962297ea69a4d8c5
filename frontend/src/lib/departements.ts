/**
 * The départements of France (code, name, region code, approximate centre) and a tile-grid map of
 * them built from those centres: one square per département at the grid cell nearest its place,
 * as a GeoJSON FeatureCollection that ECharts' map series draws. Nothing is downloaded: the shapes
 * are generated here, in the browser, from this table.
 */
export interface Departement {
  code: string;
  name: string;
  region: string;
  lat: number;
  lon: number;
}

const TABLE: [string, string, string, number, number][] = [
  ['01', 'Ain', '84', 46.1, 5.35],
  ['02', 'Aisne', '32', 49.56, 3.56],
  ['03', 'Allier', '84', 46.4, 3.2],
  ['04', 'Alpes-de-Haute-Provence', '93', 44.1, 6.2],
  ['05', 'Hautes-Alpes', '93', 44.65, 6.3],
  ['06', 'Alpes-Maritimes', '93', 43.9, 7.2],
  ['07', 'Ardèche', '84', 44.75, 4.4],
  ['08', 'Ardennes', '44', 49.6, 4.6],
  ['09', 'Ariège', '76', 42.95, 1.5],
  ['10', 'Aube', '44', 48.3, 4.1],
  ['11', 'Aude', '76', 43.1, 2.4],
  ['12', 'Aveyron', '76', 44.3, 2.6],
  ['13', 'Bouches-du-Rhône', '93', 43.5, 5.1],
  ['14', 'Calvados', '28', 49.1, -0.4],
  ['15', 'Cantal', '84', 45.05, 2.7],
  ['16', 'Charente', '75', 45.7, 0.2],
  ['17', 'Charente-Maritime', '75', 45.8, -0.7],
  ['18', 'Cher', '24', 47.1, 2.5],
  ['19', 'Corrèze', '75', 45.35, 1.9],
  ['21', "Côte-d'Or", '27', 47.4, 4.8],
  ['22', "Côtes-d'Armor", '53', 48.4, -2.8],
  ['23', 'Creuse', '75', 46.1, 2.0],
  ['24', 'Dordogne', '75', 45.1, 0.7],
  ['25', 'Doubs', '27', 47.2, 6.4],
  ['26', 'Drôme', '84', 44.7, 5.2],
  ['27', 'Eure', '28', 49.1, 1.0],
  ['28', 'Eure-et-Loir', '24', 48.4, 1.4],
  ['29', 'Finistère', '53', 48.3, -4.1],
  ['2A', 'Corse-du-Sud', '94', 41.9, 8.9],
  ['2B', 'Haute-Corse', '94', 42.4, 9.2],
  ['30', 'Gard', '76', 44.0, 4.2],
  ['31', 'Haute-Garonne', '76', 43.4, 1.2],
  ['32', 'Gers', '76', 43.7, 0.45],
  ['33', 'Gironde', '75', 44.8, -0.6],
  ['34', 'Hérault', '76', 43.6, 3.4],
  ['35', 'Ille-et-Vilaine', '53', 48.15, -1.6],
  ['36', 'Indre', '24', 46.8, 1.6],
  ['37', 'Indre-et-Loire', '24', 47.25, 0.7],
  ['38', 'Isère', '84', 45.3, 5.6],
  ['39', 'Jura', '27', 46.7, 5.7],
  ['40', 'Landes', '75', 44.0, -0.8],
  ['41', 'Loir-et-Cher', '24', 47.6, 1.4],
  ['42', 'Loire', '84', 45.7, 4.2],
  ['43', 'Haute-Loire', '84', 45.1, 3.8],
  ['44', 'Loire-Atlantique', '52', 47.3, -1.7],
  ['45', 'Loiret', '24', 47.9, 2.3],
  ['46', 'Lot', '76', 44.6, 1.6],
  ['47', 'Lot-et-Garonne', '75', 44.3, 0.5],
  ['48', 'Lozère', '76', 44.5, 3.5],
  ['49', 'Maine-et-Loire', '52', 47.4, -0.55],
  ['50', 'Manche', '28', 49.0, -1.3],
  ['51', 'Marne', '44', 49.0, 4.2],
  ['52', 'Haute-Marne', '44', 48.1, 5.2],
  ['53', 'Mayenne', '52', 48.15, -0.65],
  ['54', 'Meurthe-et-Moselle', '44', 48.8, 6.1],
  ['55', 'Meuse', '44', 49.0, 5.4],
  ['56', 'Morbihan', '53', 47.85, -2.8],
  ['57', 'Moselle', '44', 49.0, 6.6],
  ['58', 'Nièvre', '27', 47.1, 3.5],
  ['59', 'Nord', '32', 50.45, 3.2],
  ['60', 'Oise', '32', 49.4, 2.4],
  ['61', 'Orne', '28', 48.6, 0.1],
  ['62', 'Pas-de-Calais', '32', 50.5, 2.3],
  ['63', 'Puy-de-Dôme', '84', 45.7, 3.1],
  ['64', 'Pyrénées-Atlantiques', '75', 43.25, -0.75],
  ['65', 'Hautes-Pyrénées', '76', 43.05, 0.15],
  ['66', 'Pyrénées-Orientales', '76', 42.6, 2.5],
  ['67', 'Bas-Rhin', '44', 48.65, 7.55],
  ['68', 'Haut-Rhin', '44', 47.85, 7.25],
  ['69', 'Rhône', '84', 45.85, 4.65],
  ['70', 'Haute-Saône', '27', 47.65, 6.1],
  ['71', 'Saône-et-Loire', '27', 46.65, 4.5],
  ['72', 'Sarthe', '52', 48.0, 0.2],
  ['73', 'Savoie', '84', 45.5, 6.4],
  ['74', 'Haute-Savoie', '84', 46.05, 6.4],
  ['75', 'Paris', '11', 48.86, 2.35],
  ['76', 'Seine-Maritime', '28', 49.65, 1.0],
  ['77', 'Seine-et-Marne', '11', 48.6, 2.95],
  ['78', 'Yvelines', '11', 48.8, 1.85],
  ['79', 'Deux-Sèvres', '75', 46.5, -0.3],
  ['80', 'Somme', '32', 49.95, 2.3],
  ['81', 'Tarn', '76', 43.8, 2.15],
  ['82', 'Tarn-et-Garonne', '76', 44.1, 1.3],
  ['83', 'Var', '93', 43.45, 6.25],
  ['84', 'Vaucluse', '93', 44.0, 5.15],
  ['85', 'Vendée', '52', 46.65, -1.3],
  ['86', 'Vienne', '75', 46.55, 0.45],
  ['87', 'Haute-Vienne', '75', 45.9, 1.25],
  ['88', 'Vosges', '44', 48.2, 6.4],
  ['89', 'Yonne', '27', 47.85, 3.55],
  ['90', 'Territoire de Belfort', '27', 47.63, 6.9],
  ['91', 'Essonne', '11', 48.5, 2.25],
  ['92', 'Hauts-de-Seine', '11', 48.85, 2.22],
  ['93', 'Seine-Saint-Denis', '11', 48.92, 2.48],
  ['94', 'Val-de-Marne', '11', 48.78, 2.47],
  ['95', "Val-d'Oise", '11', 49.08, 2.15],
];

/** Overseas départements: drawn in a column at the bottom left, as INSEE maps do. */
const OVERSEAS: [string, string, string][] = [
  ['971', 'Guadeloupe', '01'],
  ['972', 'Martinique', '02'],
  ['973', 'Guyane', '03'],
  ['974', 'La Réunion', '04'],
  ['976', 'Mayotte', '06'],
];

export const DEPARTEMENTS: readonly Departement[] = [
  ...TABLE.map(([code, name, region, lat, lon]) => ({ code, name, region, lat, lon })),
  ...OVERSEAS.map(([code, name, region]) => ({
    code,
    name,
    region,
    lat: Number.NaN,
    lon: Number.NaN,
  })),
];

export const REGIONS: Readonly<Record<string, string>> = {
  '11': 'Île-de-France',
  '24': 'Centre-Val de Loire',
  '27': 'Bourgogne-Franche-Comté',
  '28': 'Normandie',
  '32': 'Hauts-de-France',
  '44': 'Grand Est',
  '52': 'Pays de la Loire',
  '53': 'Bretagne',
  '75': 'Nouvelle-Aquitaine',
  '76': 'Occitanie',
  '84': 'Auvergne-Rhône-Alpes',
  '93': "Provence-Alpes-Côte d'Azur",
  '94': 'Corse',
  '01': 'Guadeloupe',
  '02': 'Martinique',
  '03': 'Guyane',
  '04': 'La Réunion',
  '06': 'Mayotte',
};

export function departementName(code: string): string | undefined {
  return DEPARTEMENTS.find((item) => item.code === code)?.name;
}

export interface TileCell {
  code: string;
  col: number;
  row: number;
}

const CELL_DEGREES = 0.72;
const LON_SCALE = Math.cos((46.5 * Math.PI) / 180);

/**
 * Each département's cell: the free cell nearest to its centre (in order of the table, ties broken
 * by distance then by scan order), so the grid keeps France's shape. Deterministic.
 */
export function tileLayout(): TileCell[] {
  const metro = DEPARTEMENTS.filter((item) => Number.isFinite(item.lat));
  const minX = Math.min(...metro.map((item) => item.lon * LON_SCALE));
  const maxLat = Math.max(...metro.map((item) => item.lat));
  const taken = new Set<string>();
  const cells: TileCell[] = [];
  // Dense places first, so Paris and its ring keep their spots and the rest moves around them.
  const order = [...metro].sort(
    (a, b) => density(b, metro) - density(a, metro) || a.code.localeCompare(b.code),
  );
  for (const item of order) {
    const x = (item.lon * LON_SCALE - minX) / CELL_DEGREES;
    const y = (maxLat - item.lat) / CELL_DEGREES;
    let best: { col: number; row: number; d: number } | null = null;
    for (let radius = 0; radius < 8 && !best; radius += 1) {
      for (let row = Math.round(y) - radius; row <= Math.round(y) + radius; row += 1) {
        for (let col = Math.round(x) - radius; col <= Math.round(x) + radius; col += 1) {
          if (taken.has(`${col}:${row}`)) continue;
          const d = (col - x) ** 2 + (row - y) ** 2;
          if (!best || d < best.d) best = { col, row, d };
        }
      }
    }
    if (!best) continue;
    taken.add(`${best.col}:${best.row}`);
    cells.push({ code: item.code, col: best.col, row: best.row });
  }
  const maxRow = Math.max(...cells.map((cell) => cell.row));
  OVERSEAS.forEach(([code], index) => {
    cells.push({ code, col: index, row: maxRow + 2 });
  });
  return cells.sort((a, b) => a.code.localeCompare(b.code));
}

function density(item: Departement, all: readonly Departement[]): number {
  return all.filter(
    (other) => Math.hypot(other.lat - item.lat, (other.lon - item.lon) * LON_SCALE) < 1,
  ).length;
}

export interface TileGeoJson {
  type: 'FeatureCollection';
  features: {
    type: 'Feature';
    properties: { name: string; label: string };
    geometry: { type: 'Polygon'; coordinates: [number, number][][] };
  }[];
}

/** The tile map as GeoJSON (x = column, y = -row), one 0.92-wide square per département. */
export function tileGeoJson(): TileGeoJson {
  const names = new Map(DEPARTEMENTS.map((item) => [item.code, item.name]));
  return {
    type: 'FeatureCollection',
    features: tileLayout().map((cell) => {
      const x = cell.col;
      const y = -cell.row;
      const s = 0.92;
      return {
        type: 'Feature',
        properties: { name: cell.code, label: names.get(cell.code) ?? cell.code },
        geometry: {
          type: 'Polygon',
          coordinates: [
            [
              [x, y],
              [x + s, y],
              [x + s, y - s],
              [x, y - s],
              [x, y],
            ],
          ],
        },
      };
    }),
  };
}
