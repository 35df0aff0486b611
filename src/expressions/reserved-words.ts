/**
 * DynamoDB's reserved words: the 573 words of the Developer Guide's
 * "Reserved words in DynamoDB" page. An expression may not name an attribute
 * by one of them bare (`status = :s`); it writes a placeholder instead
 * (`#status = :s` with `"#status": "status"` in ExpressionAttributeNames).
 * The comparison ignores case.
 *
 * The list is exact (no filter that could mistake an ordinary name for a
 * reserved word), kept in about 2.2 KB of bundle, decoded into a set the
 * first time a word is looked up, in two steps:
 *
 * - `WORDS` walks the words in alphabetical order as a trie: a lower-case
 *   letter appends itself to the word being spelled, an upper-case letter
 *   appends itself and completes a word, and a digit removes that many
 *   letters from the end (two digits in a row add up). `aborT3solutE`
 *   spells ABORT, then drops ORT and spells ABSOLUTE.
 * - Before that, the punctuation characters in `WORDS` stand for the
 *   frequent pieces `ABBREVIATIONS` lists (`!ioN`: `!` is `ioN`, as in
 *   ACTION); a piece may use an earlier one, so they expand last first.
 */

const ABBREVIATIONS = "!ioN #in %atE &eR (E4 )eD *T3 +E5 ,#G -aL .t! /E3 :ti ;er <or =en >ea ?ac @T4 [T2 ]al ^ar _ec {S3 |abl }si ~E6";

const WORDS =
  "ab<*solutE7c.5dD2ft&4g=*greg%8lLoc%6t&4n]yz+D1Y2rchiv+E1raY4SCiI3=}:vE8s;.7ymmetriC9TomiC4t?H3ributE8utH" +
  "<iza.5~O3vG3b?KuP4sE2tcH4ef<(giN3tweeN6ig#@n^Y4[loB1cK4ool>N5tH3r>dtH6ucke@lK3Yt(c]L)2,5p?itY6scadED5E1[" +
  "t]oG6haR?t&7_K4las{oB1s/ust&)2,3S7o]esc~ll%1!5_.7umNS5mb#(m=*i*p?*il/resS6ndi.6flicT5n_T!7}st=cY2T6tra#T" +
  "S5uctoR7um)5t#u+v;T5pY2rrespond,92unT&6re%4osS4ubE2rr=@soR5ycl+datAbas+E:m~Y2>lloc%8Cim-4l^+faul@;r|()5#" +
  "ED2i.8let/imit)7ptH3reF3sCribE2ptoR8t?H3;m#is:C93iagnos:cS9r_t<ieS9s|(conn_T7t#c@ributE9OmaiN4ubl+roP3um" +
  "P2ra.7ynamiC7>cH3lem=T5sEiF5mptY4n|(D2qu-S5rroR4scapED6v-u%7xceed)4pT!S7lu}vE7eCut+ist{[plaiN3od(<*ress!" +
  "8t=d)4rn-5r?T7faiL2ls/milY5etcH4ieldS4lE1t&,7n-2isH4rs*x)4latt;N6oa@oRcE2eigN4ma*w^D5unD4reE2oM3ulL2nc.S" +
  "9g=;-1t~[loB-5OtO3ran*>t&5ouP,8handl&5sH2vE1,5>P3iddeN5olD2uR4id=:fi)4tY7F1gn<+mmedi%7p<T5Nclud,4}v~rem=" +
  "T-9deX)1S4icatoR7f#it~i:]lY7l#(n&2t&4ou*pu*s=}:vE7r*t>D5Teg&3rs_@v-5O2v]id%9Sola.8teMS2r%7joiN4keYS4laG1" +
  "nguag~rg/s[t;-6>D,4v/f[ngtH4sS2veL4ikE2miT)5ne{s*oaD2c-:mEstamP91.3oR4K{G)3nG2oP2w&5maP1tcH2;i]iz)91XleN" +
  "5emb&4rg/thoD3ricS6iNuS1t(ss,6oDE1ifie{Y3ul(ntH4ultIseT8namE{:on-5ur-6chaR3loB4eW1x*OnE2[ulLiF4mb&3;iC7o" +
  "bj_T5Ffl#(seT5lD2Nl#/Y3paqu(eN1ratoR6.5Rd&2#]itY9th&S5uT&2puT5v&lapS4ridE7wn&5paD1r]leL4met&S7:-2.)2S8tH" +
  "3;c=TilE7miss!S91ipEl#)8laN3ooL2}.7r_is!6p^(s;v~im^Y4oR2v%3ilegeS8ocedur(ss)6j_T!7p;tY5vi}on,92ubliC4*qu" +
  ";Y3i[<uM6rais/ndoM3gE2K2W2>DS2L2builD5c<D3ur}vE7duc(F;=cES2,9gexP3!4#deX5la:v+>s+ma#d&7nam(p>*l?+quesT5s" +
  "e[ign-5ourc+pons+t</ricT5ul@turN,3S5v;s(ok+igh@olES2lb?K4uP4ut#+W{ulES5sampl(:sfieS7vEpo#T8caN2hemA4op/r" +
  "olL5>rcH4conD3.5gm=TS6l_*F2mI2n}:vE7p^%6qu=c~ri]iz|E91ss!5T{h^D1ED4<[W3ign-4milaR5z/kew)5m]l#T7napshoT7o" +
  "mE2urc+p?E{rs(_ifiCtypE91li@qLcod(;roR4xcep.9st%5w^n,9t^[tE1iC2uS4<ag/ED4r>M3,3uc@yl(uBmul:seT8p^:.9str," +
  "6typ+M1p&4ymmetriC7nonyM5steM6t|EsamplE91emP<^Y7rm#at)8x*haN2eN2roughpuT9imEstamP5zon~ny#T6OkeN3t-3ucH4r" +
  "ail,5ns?.6f<M4l%1!9>*igg&4M2uE1nc%7tL2upl(yp(und&2O2!2qu/[knowN5logg)6nes@process)9}gn)6:L4pd%4p&4rL2sag" +
  "/ER{,4uiD4v?uuM4luED1S4rchaR4i|/nc(n*y,6ieW{rtu-6oiD4wai*heNev&5r/il(#doW4tHiN2ouT6<K3rapp)5it+y>R4zonE";

let reserved: Set<string> | undefined;

/** Whether `word` is one of DynamoDB's reserved words, in any case (`Status`, `SIZE`). */
export function isReservedWord(word: string): boolean {
  reserved ??= decode();
  return reserved.has(word.toLowerCase());
}

/** The reserved words in lower case, in alphabetical order (for tests; bundles leave it out unless used). */
export function reservedWords(): string[] {
  return [...(reserved ??= decode())];
}

/** The words of `WORDS`, in lower case. */
function decode(): Set<string> {
  const words = new Set<string>();
  let coded = WORDS;
  for (const a of ABBREVIATIONS.split(" ").reverse()) coded = coded.split(a[0]!).join(a.slice(1));
  let word = "";
  for (let i = 0; i < coded.length; i++) {
    const c = coded.charCodeAt(i);
    if (c < 58) word = word.slice(0, word.length - (c - 48));
    else {
      word += String.fromCharCode(c | 32);
      if (c < 97) words.add(word);
    }
  }
  return words;
}
