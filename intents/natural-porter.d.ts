/** Typings for the Porter stemmer module of `natural`, imported directly so the whole library is not loaded. */
declare module 'natural/lib/natural/stemmers/porter_stemmer.js' {
  const porterStemmer: { stem(token: string): string };
  export default porterStemmer;
}
