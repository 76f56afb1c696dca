// The one grapheme segmenter, made on first use and never when a module loads: the first Intl object a
// process makes initialises ICU (~10 ms), which start-up pays after its first request has left
// (commands/browse.ts), when the answer is on its way anyway.

let segmenter: Intl.Segmenter | undefined;

/** Splits text into the characters a person sees (an emoji of several code points is one). */
export function graphemes(): Intl.Segmenter {
	segmenter ??= new Intl.Segmenter();
	return segmenter;
}
