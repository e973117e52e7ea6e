import { KEY_WIDTHS as W } from './company-schema.js';
import { addDays, EMPTY_DATE, leftJustified as lj, moneyText as money } from './fixed-width.js';
import type { Prng } from './prng.js';
import { GL, LOCATIONS } from './seed-data.js';
import type { CompanyModel } from './seed-model.js';
import type { Row, Stamp } from './seed-rows.js';

/**
 * Stock at three levels that agree: iciqty (bins) sums to iciloc.lonhand per location, iciloc sums to
 * icitem.ionhand; open orders' quantities are allocated (iciloc.lsoaloc, iciqty.qsoaloc of the first bin).
 */
export function stockRows(model: CompanyModel, rng: Prng, asOf: string, stamp: Stamp): { icitem: Row[]; iciloc: Row[]; iciqty: Row[] } {
  const allocated = new Map<string, number>();
  for (const order of model.orders.filter((o) => o.kind === 'open')) {
    for (const line of order.lines) allocated.set(`${line.item.item}|${line.loctid}`, (allocated.get(`${line.item.item}|${line.loctid}`) ?? 0) + line.qty);
  }
  const icitem: Row[] = [];
  const iciloc: Row[] = [];
  const iciqty: Row[] = [];
  for (const item of model.items) {
    let itemOnHand = 0;
    for (const loctid of LOCATIONS) {
      const soaloc = allocated.get(`${item.item}|${loctid}`) ?? 0;
      const bins = loctid === 'MAIN' && rng.chance(0.4) ? ['A-01', 'B-07'] : [loctid === 'MAIN' ? 'A-01' : 'W-01'];
      const onHand = bins.map((_, i) => (i === 0 ? soaloc : 0) + rng.int(0, 150));
      bins.forEach((qbin, i) =>
        iciqty.push({
          item: lj(item.item, W.item),
          loctid: lj(loctid, W.loctid),
          qbin: lj(qbin, W.qbin),
          qstore: '',
          qserial: '',
          qonhand: onHand[i],
          qsoaloc: i === 0 ? soaloc : 0,
          ...stamp('ADMN', '2024-01-15'),
        }),
      );
      const lonhand = onHand.reduce((sum, qty) => sum + qty, 0);
      itemOnHand += lonhand;
      iciloc.push({
        item: lj(item.item, W.item),
        loctid: lj(loctid, W.loctid),
        lonhand,
        lsoaloc: soaloc,
        lonordr: 0,
        lsupplr: 'VND100',
        lavgcst: money(item.cost),
        lstdcst: money(item.cost),
        llstcst: money(item.cost),
        icacct: lj(GL.inventory, W.glacnt),
        gllink: '',
        itemstat: '',
        ...stamp('ADMN', '2024-01-15'),
      });
    }
    const lastSale = model.invoices.filter((inv) => inv.kind !== 'void' && inv.lines.some((l) => l.item === item)).at(-1);
    icitem.push({
      item: lj(item.item, W.item),
      itmdesc: item.itmdesc,
      itmdes2: '',
      itmclss: item.itmclss,
      plinid: item.itmclss,
      comcode: item.itmclss,
      stkcode: 'Y',
      umeasur: item.umeasur,
      price: money(item.price),
      stdcost: money(item.cost),
      lstcost: money(item.cost),
      ionhand: itemOnHand,
      ionordr: 0,
      ilsale: lastSale?.date ?? EMPTY_DATE,
      ilrecv: addDays(asOf, -rng.int(3, 60)),
      itemstat: '',
      ...stamp('ADMN', '2024-01-15'),
    });
  }
  return { icitem, iciloc, iciqty };
}
