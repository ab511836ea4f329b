module github.com/authdoctor/authdoctor

go 1.26
