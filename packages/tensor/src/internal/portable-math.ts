// log, sin and cos from +, −, ×, ÷ only. ECMAScript leaves Math.log/sin/cos
// "implementation-approximated", so engines may differ in the last bit; IEEE 754 fixes the
// result of the basic operations exactly. The random normal draws use these, so a seed gives
// the same bits in Node, Chrome, Firefox and Safari. Accuracy is within about one ulp.

// The bits of a double, read through aliased typed arrays (faster than a DataView); the
// high word's index depends on the platform's byte order, the results do not.
const bits = new Float64Array(1);
const words = new Uint32Array(bits.buffer);
bits[0] = 1;
const HIGH = words[1] === 0x3ff00000 ? 1 : 0;

// ln 2 split so that k·LN2_HI is exact for |k| < 2^20 (LN2_HI has 32 significant bits).
const LN2_HI = 0.6931471804855391;
const LN2_LO = 7.440617110012397e-11;
const SQRT2 = Math.SQRT2; // a constant of the spec, exact everywhere

/**
 * The natural logarithm of a positive finite `x`, computed without Math.log: x = m·2^k with
 * m in [√2/2, √2), and log m = 2·atanh(s) with s = (m − 1)/(m + 1), |s| ≤ 0.172.
 */
export function portableLog(x: number): number {
  if (!(x > 0)) return x === 0 ? Number.NEGATIVE_INFINITY : Number.NaN;
  if (x === Number.POSITIVE_INFINITY) return x;
  let k = 0;
  if (x < 2.2250738585072014e-308) {
    x *= 18014398509481984; // 2^54: subnormal to normal, exactly
    k = -54;
  }
  bits[0] = x;
  const high = words[HIGH];
  k += ((high >>> 20) & 0x7ff) - 1023;
  words[HIGH] = (high & 0x000fffff) | 0x3ff00000;
  let m = bits[0]; // in [1, 2), exact
  if (m > SQRT2) {
    m /= 2;
    k += 1;
  }
  const f = m - 1; // exact
  const s = f / (2 + f);
  const z = s * s;
  // atanh series: 2s + 2s³/3 + 2s⁵/5 + … ; z ≤ 0.0295, so 12 terms reach 2^-60.
  const r =
    z *
    (0.6666666666666666 +
      z *
        (0.4 +
          z *
            (0.2857142857142857 +
              z *
                (0.2222222222222222 +
                  z *
                    (0.18181818181818182 +
                      z *
                        (0.15384615384615385 +
                          z *
                            (0.13333333333333333 +
                              z *
                                (0.11764705882352941 +
                                  z * (0.10526315789473684 + z * 0.09523809523809523)))))))));
  // log(1 + f) = f − s·(f − r), since 2s = f − s·f: the large term f is exact.
  const log1pf = f - s * (f - r);
  return k * LN2_HI + (log1pf + k * LN2_LO);
}

/**
 * sin(2π·turns) and cos(2π·turns) for `turns` in [0, 1), computed without Math.sin/cos, into
 * `out[0]` and `out[1]` (no allocation: this runs once per pair of normal draws). The
 * reduction to a quarter turn is exact; the polynomials are Taylor series of sin(π/2·r) and
 * cos(π/2·r) on |r| ≤ 1/2 with the π/2 powers folded into the coefficients.
 */
export function sinCosTurns(turns: number, out: Float64Array): void {
  const t = 4 * turns; // exact
  const q = Math.floor(t + 0.5);
  const r = t - q; // exact, |r| ≤ 1/2
  const z = r * r;
  const s =
    r *
    (1.5707963267948966 +
      z *
        (-0.6459640975062463 +
          z *
            (0.07969262624616705 +
              z *
                (-0.004681754135318688 +
                  z *
                    (0.00016044118478735983 +
                      z *
                        (-3.598843235212085e-6 +
                          z *
                            (5.692172921967927e-8 +
                              z *
                                (-6.688035109811468e-10 +
                                  z * (6.0669357311061955e-12 + z * -4.377065467313742e-14)))))))));
  const c =
    1 +
    z *
      (-1.2337005501361697 +
        z *
          (0.25366950790104803 +
            z *
              (-0.02086348076335296 +
                z *
                  (0.0009192602748394266 +
                    z *
                      (-2.5202042373060607e-5 +
                        z *
                          (4.710874778818172e-7 +
                            z *
                              (-6.386603083791852e-9 +
                                z * (6.565963114979473e-11 + z * -5.294400200734623e-13))))))));
  switch (q & 3) {
    case 0:
      out[0] = s;
      out[1] = c;
      break;
    case 1:
      out[0] = c;
      out[1] = -s;
      break;
    case 2:
      out[0] = -s;
      out[1] = -c;
      break;
    default:
      out[0] = -c;
      out[1] = s;
  }
}
