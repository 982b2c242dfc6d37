# Build the guidance with Waymark, then serve it with nginx.
#
#   docker build -t cstr-guidance .
#   docker run --rm -p 8080:8080 cstr-guidance      # then open http://localhost:8080/
#
# The site is built with its offline ZIP and checked against its manifest
# before it is copied into the web server's image.

FROM rust:1-bookworm AS build
WORKDIR /src
COPY Cargo.toml Cargo.lock ./
COPY src src
COPY themes themes
RUN cargo install --locked --path . --root /usr/local
COPY site.yaml ./
COPY content content
RUN waymark build --out /site --zip && waymark verify /site

FROM nginx:stable
COPY deploy/nginx.conf /etc/nginx/conf.d/default.conf
COPY --from=build /site /usr/share/nginx/html
EXPOSE 8080
