package match

import (
	"maps"
	"slices"
	"strings"
)

// Titles and honorifics that stand before a person's name in Cambodian,
// Chinese and English-language reporting. They are dropped before names
// are compared, and named in the reasons. Written folded (graph.Fold):
// "H.E." is "h e". Longer titles first, so "neak oknha" wins over "oknha".
// Words that are also names are left out: bare "Lok" (Mr) is a Cantonese
// surname and "He" (H.E. without stops) a Chinese one.
var latinTitles = sortLongestFirst([]string{
	// Cambodian honorifics and their usual spellings.
	"neak oknha", "oknha", "okhna", "oknya", "okna", "ouknha",
	"samdech", "samdach", "samdech akka moha sena padei techo", "samdech techo",
	"lok chumteav", "lok chumtiev", "chumteav", "lok srey", "neak srey",
	"his excellency", "her excellency", "excellency", "h e",
	"ek oudom", "ekkak oudom",
	// Military and police ranks.
	"general", "gen", "lieutenant general", "lt gen", "major general", "maj gen",
	"brigadier general", "brig gen", "police general", "colonel", "col",
	// Offices written as titles.
	"senator", "minister", "governor", "deputy prime minister", "prime minister",
	// Courtesy titles.
	"dr", "doctor", "prof", "professor", "mr", "mrs", "ms", "miss", "madam", "madame", "sir",
	"tan sri", "datuk", "dato", "datin",
	// Burmese honorifics (Mr, Mrs), seen on names in cross-border reporting.
	"u", "daw",
})

// khmerTitles are the same honorifics in Khmer script, stripped from the
// start of a Khmer word (they are often written joined to the name).
var khmerTitles = sortLongestFirst([]string{
	"អ្នកឧកញ៉ា",   // Neak Oknha
	"ឧកញ៉ា",       // Oknha
	"សម្តេច",      // Samdech
	"សម្ដេច",      // Samdech, other spelling
	"លោកជំទាវ",    // Lok Chumteav
	"ឯកឧត្តម",     // Ek Oudom, His Excellency
	"ឧត្តមសេនីយ៍", // Oudom Senei, General
	"បណ្ឌិត",      // Bandit, Doctor
	"លោកស្រី",     // Lok Srey, Mrs
	"អ្នកស្រី",    // Neak Srey, Mrs
	"លោក",         // Lok, Mr
})

// hanTitles follow a Chinese name: 陈先生 is Mr Chen.
var hanTitles = sortLongestFirst([]string{"先生", "女士", "小姐", "博士", "将军", "將軍"})

// Legal forms at the end of an organization's name.
var latinLegalForms = sortLongestFirst([]string{
	"co ltd", "company limited", "co limited", "pte ltd", "sdn bhd", "limited", "ltd",
	"company", "co", "inc", "incorporated", "corp", "corporation", "plc", "llc", "pte",
	"s a", "sa", "gmbh", "jsc", "public limited company",
})

var hanLegalForms = sortLongestFirst([]string{"股份有限公司", "有限责任公司", "有限責任公司", "有限公司", "公司"})

func sortLongestFirst(ss []string) []string {
	out := slices.Clone(ss)
	slices.SortStableFunc(out, func(a, b string) int { return len(b) - len(a) })
	return out
}

// stripLeading removes titles from the start of a token list, returning
// the rest and the titles removed. It leaves at least keep tokens.
func stripLeading(toks []string, titles []string, keep int) (rest, removed []string) {
	rest = toks
	for {
		found := false
		for _, t := range titles {
			tt := strings.Fields(t)
			if len(rest)-len(tt) >= keep && equalPrefix(rest, tt) {
				removed = append(removed, t)
				rest = rest[len(tt):]
				found = true
				break
			}
		}
		if !found {
			return rest, removed
		}
	}
}

// stripTrailing removes legal forms from the end of a token list, leaving
// at least keep tokens.
func stripTrailing(toks []string, forms []string, keep int) (rest, removed []string) {
	rest = toks
	for {
		found := false
		for _, f := range forms {
			ff := strings.Fields(f)
			if len(rest)-len(ff) >= keep && len(ff) <= len(rest) && equalPrefix(rest[len(rest)-len(ff):], ff) {
				removed = append(removed, f)
				rest = rest[:len(rest)-len(ff)]
				found = true
				break
			}
		}
		if !found {
			return rest, removed
		}
	}
}

func equalPrefix(toks, want []string) bool {
	for i, w := range want {
		if toks[i] != w {
			return false
		}
	}
	return true
}

// hanGlossary translates the generic words of Chinese company and site
// names, which reporting in English translates rather than transliterates
// (恒合集团 is "Henghe Group", not "Henghe Jituan"). The distinctive part
// of a name is still read as pinyin.
var hanGlossary = map[string]string{
	"集团": "group", "控股": "holding", "国际": "international", "國際": "international",
	"投资": "investment", "投資": "investment", "发展": "development", "發展": "development",
	"开发": "development", "開發": "development", "实业": "industrial", "實業": "industrial",
	"科技": "technology", "酒店": "hotel", "银行": "bank", "銀行": "bank", "娱乐城": "casino",
	"赌场": "casino", "賭場": "casino", "度假村": "resort", "园区": "park", "園區": "park",
	"产业园": "industrial park", "產業園": "industrial park", "经济特区": "sez", "經濟特區": "sez",
}

// hanGlossaryKeys are the glossary's words, longest first.
var hanGlossaryKeys = func() []string {
	return sortLongestFirst(slices.Sorted(maps.Keys(hanGlossary)))
}()
