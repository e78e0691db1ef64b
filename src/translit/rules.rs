//! The rule table: Latin letter sequences → weighted Arabic alternatives.
//!
//! Costs are in hundredths (integer, so the search can order states exactly). A cost of 0 means
//! "the obvious reading"; 10–30 a common alternative; 40–70 a plausible but less usual reading.
//! Every output is already in the index's normalized form (no hamza on alef, ة → ه, ى → ي);
//! ؤ and ئ are produced where a hamza carrier is likely, because the index keeps them.
//!
//! A rule applies only where its `pos` allows: `I` = the match starts the word, `F` = the match
//! ends the word (and does not start it), `M` = neither. A rule matching a whole one-vowel word
//! counts as initial.

/// Position classes a rule may fire in (bit mask).
pub(crate) const I: u8 = 1;
pub(crate) const M: u8 = 2;
pub(crate) const F: u8 = 4;
const ANY: u8 = I | M | F;
const NI: u8 = M | F; // not initial
const NF: u8 = I | M; // not final

pub(crate) struct Rule {
    pub pat: &'static str,
    pub pos: u8,
    pub alts: &'static [(&'static str, u32)],
}

const fn r(pat: &'static str, pos: u8, alts: &'static [(&'static str, u32)]) -> Rule {
    Rule { pat, pos, alts }
}

/// The table. Longer patterns and single letters both apply; the search tries every match, so
/// "sh" can be ش (digraph) or س+ه/ح (as in "Ishaqi" → اسحاقي) at a higher total cost.
pub(crate) static RULES: &[Rule] = &[
    // ---------- special word parts ----------
    // "-allah/-ullah" names: Nasrallah → نصرالله (written solid) or Hezbollah → حزب الله (two words).
    r("allah", NI, &[("الله", 5), (" الله", 10)]), // Nasrallah → نصرالله; the a of -allah is the article's alef
    r("ullah", NI, &[("الله", 5), (" الله", 10)]), // Abdullah → عبدالله; -ullah is the same word after a u-final noun
    r("ollah", NI, &[("الله", 5), (" الله", 10)]), // Hezbollah → حزب الله; Persian/Lebanese o-spelling of the same
    r("illah", NI, &[("الله", 10), (" الله", 15)]), // Abdillah-type variants with i
    r("ellah", NI, &[("الله", 10), (" الله", 15)]), // Fadlellah-type variants with e
    // "Abdul-/Abdel-" written solid is ʿAbd al-: Abdulaziz → عبدالعزيز (or spaced, عبد العزيز).
    r("abdul", I, &[("عبدال", 10), ("عبد ال", 15)]),
    r("abdel", I, &[("عبدال", 10), ("عبد ال", 15)]),
    r("abdal", I, &[("عبدال", 15), ("عبد ال", 20)]),
    r("abdol", I, &[("عبدال", 15), ("عبد ال", 20)]),
    // "-uddin/-eddin" = "ad-Din": Salahuddin → صلاح الدين, Nureddin → نورالدين.
    r("uddin", F, &[(" الدين", 5), ("الدين", 10)]), // Salahuddin → صلاح الدين
    r("eddin", F, &[(" الدين", 5), ("الدين", 10)]), // Nureddin → نور الدين (Turkish/French e-spelling)
    r("iddin", F, &[(" الدين", 10), ("الدين", 15)]), // rarer i-spelling of the same
    r("addin", F, &[(" الدين", 10), ("الدين", 15)]), // rarer a-spelling of the same
    // Scottish/Irish "Mc" is pronounced "mak": McKenzie → ماكنزي; "mck" swallows the c+k pair.
    r("mck", I, &[("ماك", 10), ("مك", 30)]), // McKenzie: the c+k pair is one k sound
    r("mc", I, &[("ماك", 10), ("مك", 30)]),  // McDonald → ماكدونالد
    // ---------- vowels, word-initial (Arabic needs a seat: alef, or ع which Latin often drops) ----------
    // Initial A is ع about as often as alef in Arabic names (Ali, Abbas, Amman, Ammar), and ʿĀ-
    // (long) gives عا (Amiri → عامري).
    r("a", I, &[("ا", 10), ("ع", 20), ("عا", 45), ("اع", 50)]), // Anbar; Adhamiya → اعظميه
    r("aa", I, &[("ا", 10), ("ع", 20), ("اع", 30)]), // Aamir: doubled initial a marks a long ā or ʿā
    r("ai", I, &[("عي", 20), ("اي", 20)]),           // Ain → عين, Aida → ايدا
    r("ay", I, &[("اي", 10), ("عي", 30)]),           // Ayad → اياد
    r("au", I, &[("او", 20), ("عو", 40)]),           // Austin → اوستن, Auda → عوده
    r("e", I, &[("ا", 10), ("اي", 30), ("ع", 40)]),  // Erbil → اربيل
    r("ei", I, &[("اي", 20), ("عي", 20)]), // Eid → عيد: an initial long i after a hidden ع
    r("i", I, &[("ا", 10), ("اي", 20), ("ع", 40)]), // Idlib → ادلب, Iran → ايران
    r("ee", I, &[("اي", 10), ("عي", 40)]), // Eesa-style long initial i
    r("o", I, &[("ا", 20), ("او", 20), ("ع", 30)]), // Omar → عمر, Osman → عثمان
    r("ou", I, &[("او", 10), ("عو", 30)]), // Oussama → اسامه/اوسامه: French ou at the start
    r("oo", I, &[("او", 10), ("عو", 30)]), // English oo at the start: Oomar-style spellings
    r("u", I, &[("ا", 20), ("او", 20), ("ع", 30), ("يو", 40)]), // Umm → ام, Uday → عدي, UNAMI → يونامي
    // ---------- vowels, inside the word ----------
    // Short vowels are usually unwritten, long ones written; Latin rarely marks which, so both.
    // Arabic ع between vowels is very often silently dropped in Latin (Baqubah → بعقوبه).
    r(
        "a",
        M,
        &[("", 20), ("ا", 30), ("ع", 60), ("اع", 70), ("عا", 70)],
    ),
    r(
        "aa",
        M,
        &[("ا", 10), ("ع", 30), ("اع", 30), ("عا", 30), ("اء", 40)],
    ),
    r("ae", M, &[("اع", 30), ("ع", 35), ("ا", 40), ("اي", 40)]), // Daesh → داعش, Ismael → اسماعيل
    r("aee", M, &[("عي", 20), ("اعي", 30)]), // Saeed → سعيد: the ae is a hidden ع, ee the long i
    r(
        "ai",
        M,
        &[
            ("ي", 10),
            ("اي", 20),
            ("عي", 30),
            ("ع", 40),
            ("ائ", 40),
            ("اع", 60),
        ],
    ), // Haider, Said → سعيد, Mutaib → متعب (a hidden ع, the i short), Qaim → قائم, Asaib → عصائب
    r("a'i", M, &[("ائ", 10), ("اعي", 20), ("عي", 30)]), // Ta'if → طائف, Ha'il → حائل: the mark is the hamza on its seat
    r("ay", M, &[("ي", 10), ("اي", 20), ("ائ", 50)]), // Zayd, Sulaymaniyah: ay is the diphthong written ي
    r("au", M, &[("و", 20), ("او", 20), ("عو", 30)]), // Mauritania → موريتانيا, Saud → سعود (hidden ع)
    r("aw", M, &[("و", 10), ("او", 20)]),             // Dawla → دوله, Jalawla
    r("e", M, &[("", 20), ("ي", 30), ("ا", 50), ("ع", 70)]), // Tehran, Beirut-style long e
    r("ee", M, &[("ي", 10)]),                         // English-style ee = long i: Kareem → كريم
    r("ei", M, &[("ي", 10), ("ئ", 50)]),              // Hussein → حسين
    r("ey", M, &[("ي", 10)]),                         // Reyhan-type ey = ي
    r("ea", M, &[("ي", 30), ("يا", 30), ("ع", 40)]), // English ea = long i or i+a: Sean-type spellings; a hidden ع between the vowels (Geagea → جعجع)
    r("i", M, &[("ي", 20), ("", 30), ("اي", 45), ("ع", 70)]), // Biden → بايدن, Times → تايمز (English "ai")
    r("ie", M, &[("ي", 20)]),                                 // Qamie-type ie = long i
    r("iy", M, &[("ي", 10)]), // Sulaymaniyah: the y only marks the long i
    r("ia", M, &[("يا", 20), ("ي", 40)]), // Diyala-type ia: ي then alef, or ي alone (short a)
    r("o", M, &[("و", 20), ("", 30), ("ا", 60), ("ع", 70)]), // o is usually u-quality in Arabic names: written و if long (Mosul), else nothing
    r("oo", M, &[("و", 10)]),                                // English oo = long u: Mahmood → محمود
    r("ou", M, &[("و", 10), ("عو", 50), ("", 60)]), // French-style ou: Nouri, Masoud → مسعود
    r("ow", M, &[("و", 10), ("او", 30)]),           // ow = و diphthong: Dowlat-style spellings
    r("oy", M, &[("وي", 10)]),                      // oy = وي: Lloyd → لويد
    r(
        "u",
        M,
        &[
            ("و", 20),
            ("", 30),
            ("ا", 60),
            ("يو", 60),
            ("ؤ", 60),
            ("ع", 70),
        ],
    ), // Trump → ترامب
    r("ua", M, &[("وا", 20), ("ؤا", 30), ("ع", 45), ("عا", 45)]), // Fuad → فؤاد, Muallem → معلم (hidden ع)
    r("ue", M, &[("وي", 30), ("وا", 40)]),                        // ue: Suez-type vowel pair
    r("ui", M, &[("وي", 20), ("ؤي", 50)]), // ui: Luis → لويس; hamza carrier possible
    r("uy", M, &[("وي", 20)]),             // uy: Huwayja-type spellings (u then consonantal y)
    // ---------- vowels, word-final ----------
    // Final -a is ta marbuta (ة → ه), alef, alef maqsura (ى → ي), or alef+hamza (كربلاء).
    r(
        "a",
        F,
        &[
            ("ه", 15),
            ("ا", 20),
            ("ي", 35),
            ("اء", 40),
            ("", 60),
            ("اع", 60),
            ("ع", 70),
        ],
    ),
    r(
        "ah",
        F,
        &[("ه", 5), ("اح", 35), ("ا", 40), ("ح", 45), ("اه", 50)],
    ), // Fallujah: -ah is ta marbuta (ة folded to ه); Salah → صلاح
    r(
        "aa",
        F,
        &[("اء", 20), ("ا", 20), ("عا", 25), ("ع", 30), ("عاء", 40)],
    ), // Sharaa → شرع, Daraa → درعا, Sanaa → صنعاء
    r("ia", F, &[("يا", 15), ("يه", 20), ("يعه", 30), ("يعا", 40)]), // Syria → سوريا, Shia → شيعه (hidden ع)
    r("is", F, &[("يين", 35), ("يون", 45)]), // English plural of a gentilic: Houthis → الحوثيين, Saudis
    r("ite", F, &[("ي", 20), ("عي", 40)]), // English gentilic -ite is the nisba: Alawite → علوي, Hashemite → هاشمي; Shiite → شيعي (the ع of Shi'ite unwritten)
    r("ites", F, &[("يين", 35), ("يون", 45), ("عيين", 55)]), // its plural: Alawites → العلويين
    r("ea", F, &[("يا", 15), ("ي", 20), ("ع", 40)]), // Korea → كوريا, Chelsea → تشيلسي; a hidden ع (Geagea → جعجع)
    r("ai", F, &[("ي", 10), ("اي", 20), ("ائي", 50)]), // Dubai → دبي; ai at the end
    r("ay", F, &[("ي", 10), ("اي", 20)]), // final diphthong -ay = ي, or اي when the a is long
    r("aw", F, &[("و", 20), ("او", 10)]), // Faw → الفاو
    r("e", F, &[("", 15), ("ي", 30), ("ه", 40)]), // English silent e: Joe → جو
    r("eh", F, &[("ه", 10)]),             // Nineveh-style -eh = ه
    r("ee", F, &[("ي", 10)]),             // English -ee = ي
    r("ei", F, &[("ي", 10), ("ئي", 30), ("اي", 40)]), // Khamenei → خامنئي
    r("ey", F, &[("ي", 10), ("اي", 40)]), // Turkish/Persian -ey = ي: Bey → بي
    r("i", F, &[("ي", 5), ("", 60)]), // final i is the nisba ending ي (Ramadi, Maliki); dropping it is rare
    r("ie", F, &[("ي", 10)]),         // McKenzie: English -ie = ي
    r("iya", F, &[("يه", 10), ("يا", 20)]), // nisba + ta marbuta: Kadhimiya → كاظميه
    r("iyah", F, &[("يه", 5), ("يا", 30)]), // Sulaymaniyah → سليمانيه
    r("y", F, &[("ي", 5)]),           // Antony: English final y = ي
    // A final o/u is almost always written (و); dropping it is a last resort.
    r("o", F, &[("و", 10), ("ه", 60), ("", 90)]), // Zakho → زاخو; final o is written
    r("oh", F, &[("وه", 30), ("و", 30)]),         // Duhoh-type -oh
    r("ou", F, &[("و", 10)]),                     // French -ou = و
    r("u", F, &[("و", 10), ("ع", 60), ("", 90)]), // Kut → كوت, Khurmatu: final u is written; or a hidden final ع (Yanbu → ينبع)
    // ---------- consonants ----------
    r("b", ANY, &[("ب", 0)]),                           // b has one reading
    r("p", ANY, &[("ب", 10)]),                          // Arabic has no p: Peshmerga → بيشمركه
    r("ph", ANY, &[("ف", 10)]),                         // Greek/English ph = f
    r("t", ANY, &[("ت", 0), ("ط", 20)]), // emphatic t is common: Tehran → طهران, Rutba → رطبه
    r("th", ANY, &[("ث", 10), ("ت", 30), ("ذ", 40)]), // Haditha → حديثه
    r("tch", ANY, &[("تش", 20), ("ج", 30), ("ش", 40)]), // English tch = تش or the ج/ش Arabic approximations
    r("ts", ANY, &[("تس", 10)]), // ts is a cluster, not an affricate, in Arabic names
    r("j", ANY, &[("ج", 0), ("ي", 45)]), // Juventus → يوفنتوس (Italian, German j = y)
    r("eu", M, &[("وي", 25), ("و", 30), ("يو", 30)]), // Reuters → رويترز (German eu)
    r("g", ANY, &[("ج", 20), ("غ", 20), ("ك", 40), ("ق", 40)]), // Egyptian/Kurdish g: Peshmerga → كه
    r("gh", ANY, &[("غ", 10), ("ق", 20), ("ج", 60)]),           // Persian gh = ق: Araghchi → عراقجي
    r("h", ANY, &[("ه", 10), ("ح", 10)]), // h is either ه or ح; Latin does not distinguish them
    r("kh", ANY, &[("خ", 0)]),            // kh = خ in every common romanization
    r("d", ANY, &[("د", 0), ("ض", 30), ("ذ", 40)]), // d = د, or emphatic ض, or (dialect) ذ
    r("dh", ANY, &[("ذ", 10), ("ظ", 10), ("ض", 20), ("د", 40)]), // Kadhimi → كاظمي, Riyadh → رياض
    r("dj", ANY, &[("ج", 10)]),           // French transcriptions: Djibouti
    r("r", ANY, &[("ر", 0)]),             // r has one reading
    r("z", ANY, &[("ز", 0), ("ظ", 30), ("ذ", 40), ("ض", 50)]), // z = ز, or emphatic ظ (Iraqi/Gulf pronunciation), ذ, ض
    r("zh", ANY, &[("ج", 30), ("ز", 30)]), // zh (Persian ژ) has no Arabic letter: ج or ز
    r("s", ANY, &[("س", 0), ("ص", 15), ("ز", 35), ("ث", 60)]), // Basra → بصره; Lausanne → لوزان
    r("s", F, &[("ز", 25)]),               // English final s sounds z: Reuters → رويترز
    r("sh", ANY, &[("ش", 0)]),             // sh = ش in every common romanization
    r("c", ANY, &[("ك", 20), ("س", 30), ("ق", 40), ("ج", 50)]), // Turkish c = j: Recep → رجب
    r(
        "ch",
        ANY,
        &[("ج", 30), ("تش", 30), ("ش", 40), ("ك", 50), ("خ", 60)],
    ), // Chamchamal → جمجمال
    r("ck", ANY, &[("ك", 10)]),            // English ck = k
    r("k", ANY, &[("ك", 0), ("ق", 25)]),   // Ankara → انقره
    r("q", ANY, &[("ق", 0), ("ك", 40)]),   // q = ق; ك for sloppy spellings
    r("f", ANY, &[("ف", 0)]),              // f has one reading
    r("v", ANY, &[("ف", 10), ("و", 30)]),  // Nechirvan → نيجيرفان
    r("l", ANY, &[("ل", 0)]),              // l has one reading
    r("m", ANY, &[("م", 0)]),              // m has one reading
    r("n", ANY, &[("ن", 0)]),              // n has one reading
    r("nh", M, &[("ني", 20)]), // Portuguese nh = ny: Mourinho → مورينيو, Coutinho → كوتينيو
    r("w", ANY, &[("و", 0)]),  // w = و (consonantal)
    r("y", NF, &[("ي", 0)]), // y = ي (consonantal) except at the end, where the final rule applies
    r("x", ANY, &[("كس", 20), ("خ", 50)]), // Kurdish/Spanish x = kh
    // Ayn/hamza marks (ʿ ʾ ' ’ ` all map to '): ʿayn is the commonest meaning, hamza next, or nothing.
    r(
        "'",
        ANY,
        &[
            ("ع", 5),
            ("ء", 30),
            ("", 30),
            ("ئ", 40),
            ("ؤ", 40),
            ("ا", 40),
        ],
    ),
];

/// Is this (ASCII lower-case) Latin letter a vowel for the purposes of doubling and the rules?
pub(crate) fn is_vowel(b: u8) -> bool {
    matches!(b, b'a' | b'e' | b'i' | b'o' | b'u')
}
