// The site loads no MathJax (it would come from a CDN, and the lessons have no formulas).
// Sphinx needs a mathjax_path; this stub is it. site/_config.yml explains.
